import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A CloudWatch stand-in answering `GetMetricData` (AWS JSON 1.0, as the SDK speaks it) with set values. */
export interface CloudWatchStub {
  /** Point the real client at it: `AWS_ENDPOINT_URL_CLOUDWATCH`. */
  endpoint: string;
  /** The datapoint every query returns next; none when empty. */
  values: number[];
  /** The `MetricDataQueries` expressions asked for, in order. */
  readonly expressions: string[];
  close(): Promise<void>;
}

interface GetMetricDataInput {
  MetricDataQueries?: { Id: string; Expression?: string }[];
}

export async function startCloudWatchStub(): Promise<CloudWatchStub> {
  const expressions: string[] = [];
  const stub = { values: [] as number[] };
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
      const results = (input.MetricDataQueries ?? []).map((query) => {
        expressions.push(query.Expression ?? '');
        return {
          Id: query.Id,
          Label: query.Id,
          StatusCode: 'Complete',
          Timestamps: stub.values.map(() => now),
          Values: stub.values,
        };
      });
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify({ MetricDataResults: results, Messages: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(stub, {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    expressions,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
