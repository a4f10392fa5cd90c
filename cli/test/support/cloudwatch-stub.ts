import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A CloudWatch stand-in answering `GetMetricData` (AWS JSON 1.0, as the SDK speaks it) with set values. */
export interface CloudWatchStub {
  /** Point the real client at it: `AWS_ENDPOINT_URL_CLOUDWATCH`. */
  endpoint: string;
  /** The datapoint every query returns next; none when empty. */
  values: number[];
  /**
   * Answers each query with its own series (several for a `SEARCH`); when unset, every query gets one
   * series of `values`.
   */
  answer?: (query: StubQuery) => { Label?: string; Values: number[] }[];
  /** The `MetricDataQueries` expressions asked for, in order. */
  readonly expressions: string[];
  /** Every query asked for, in order. */
  readonly queries: StubQuery[];
  close(): Promise<void>;
}

/** One `MetricDataQueries` entry as the SDK sends it. */
export interface StubQuery {
  Id: string;
  Expression?: string;
  Label?: string;
  MetricStat?: {
    Metric?: { Namespace?: string; MetricName?: string; Dimensions?: { Name: string; Value: string }[] };
  };
}

interface GetMetricDataInput {
  MetricDataQueries?: StubQuery[];
}

export async function startCloudWatchStub(): Promise<CloudWatchStub> {
  const expressions: string[] = [];
  const queries: StubQuery[] = [];
  const stub: { values: number[]; answer?: CloudWatchStub['answer'] } = { values: [] };
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      if (request.headers['x-amz-target'] !== 'GraniteServiceVersion20100801.GetMetricData') {
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify({ __type: 'InvalidAction', message: 'only GetMetricData' }));
        return;
      }
      const input = JSON.parse(body) as GetMetricDataInput;
      const now = Math.floor(Date.now() / 1000);
      const results = (input.MetricDataQueries ?? []).flatMap((query) => {
        expressions.push(query.Expression ?? '');
        queries.push(query);
        const series = stub.answer?.(query) ?? [{ Label: query.Id, Values: stub.values }];
        return series.map(({ Label, Values }) => ({
          Id: query.Id,
          Label: Label ?? query.Id,
          StatusCode: 'Complete',
          Timestamps: Values.map(() => now),
          Values,
        }));
      });
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify({ MetricDataResults: results, Messages: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(stub, {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    expressions,
    queries,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
