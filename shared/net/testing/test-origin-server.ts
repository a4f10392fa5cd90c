import { createOriginHttpClient } from '../origin-http-client';
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the test origin saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** A local origin for tests: a real HTTP server on 127.0.0.1, port 0, that records what reached it. */
export interface TestOriginServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  requests: SeenRequest[];
  /** TCP connections accepted, to prove a refused fetch never connected. */
  connections(): number;
  close(): Promise<void>;
}

export async function startTestOrigin(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<TestOriginServer> {
  const requests: SeenRequest[] = [];
  let connections = 0;
  const server = http.createServer((request, response) => {
    requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers });
    handler(request, response);
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The guarded origin client as tests use it: loopback allowed, deadlines short, backoff tiny. */
export const createTestOriginClient = () =>
  createOriginHttpClient({
    userAgentVersion: '1.2.3',
    allowPrivateHosts: ['127.0.0.1', 'localhost'],
    timeouts: { connectMs: 300, headersMs: 300, bodyMs: 300 },
    retry: { backoffMs: 5 },
  });
