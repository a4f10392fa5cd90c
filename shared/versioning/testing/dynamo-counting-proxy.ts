import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A plain HTTP proxy in front of dynalite that counts the operations it forwards, as CloudWatch would. */
export interface DynamoCountingProxy {
  endpoint: string;
  /** Requests forwarded so far for one operation (`Query`, `GetItem`, ...). */
  count(operation: string): number;
  close(): Promise<void>;
}

/** Starts the proxy on 127.0.0.1 in front of `target`; point a DynamoDB client's `endpoint` at it. */
export async function startDynamoCountingProxy(target: string): Promise<DynamoCountingProxy> {
  const counts = new Map<string, number>();
  const server = createServer((incoming, outgoing) => {
    // The JSON protocol names the operation in `X-Amz-Target: DynamoDB_20120810.<Operation>`.
    const operation = String(incoming.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
    const forwarded = request(
      `${target}${incoming.url ?? '/'}`,
      { method: incoming.method, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    count: (operation) => counts.get(operation) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
