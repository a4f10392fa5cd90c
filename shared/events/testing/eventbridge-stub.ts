import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An entry PutEvents accepted. */
export interface StubBusEntry {
  EventBusName?: string;
  Source?: string;
  DetailType?: string;
  Detail?: string;
}

/** A minimal EventBridge speaking AWS JSON 1.1 for PutEvents (tests only; no emulator exists). */
export interface EventBridgeStub {
  endpoint: string;
  readonly entries: readonly StubBusEntry[];
  /** Entries per PutEvents call, in order. */
  readonly calls: readonly number[];
  /** Fails the next `count` entries with `InternalFailure` (PutEvents reports them, it does not throw). */
  failNextEntries(count: number): void;
  close(): Promise<void>;
}

export async function startEventBridgeStub(): Promise<EventBridgeStub> {
  const entries: StubBusEntry[] = [];
  const calls: number[] = [];
  let failuresLeft = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        response.end(JSON.stringify(body));
      };
      if (request.headers['x-amz-target'] !== 'AWSEvents.PutEvents') {
        reply(400, { __type: 'UnknownOperationException', message: 'unsupported' });
        return;
      }
      const { Entries } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Entries: StubBusEntry[] };
      if (Entries.length > 10) {
        reply(400, { __type: 'ValidationException', message: 'at most 10 entries' });
        return;
      }
      calls.push(Entries.length);
      const results = Entries.map((entry, i) => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          return { ErrorCode: 'InternalFailure', ErrorMessage: 'stubbed failure' };
        }
        entries.push(entry);
        return { EventId: `event-${entries.length}-${i}` };
      });
      reply(200, { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    entries,
    calls,
    failNextEntries(count) {
      failuresLeft += count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
