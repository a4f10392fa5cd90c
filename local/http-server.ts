import type { Context, LambdaFunctionURLEvent } from 'aws-lambda';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BufferedFunctionUrlResult } from '../shared/http/function-url';
import { localContext, toFunctionUrlEvent } from './function-url-event';

export type FunctionUrlHandler = (
  event: LambdaFunctionURLEvent,
  context: Context,
) => Promise<BufferedFunctionUrlResult>;

export interface LocalServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Largest request body read (image requests have none; this only bounds misuse). */
const MAX_REQUEST_BODY_BYTES = 64 * 1024;

/** Serves a function-URL handler over plain HTTP on 127.0.0.1, as CloudFront would reach it. */
export async function startLocalServer(handler: FunctionUrlHandler, port = 0): Promise<LocalServer> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= MAX_REQUEST_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      const event = toFunctionUrlEvent(request, Buffer.concat(chunks));
      handler(event, localContext(event))
        .then((result) => {
          const body = Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
          response.writeHead(result.statusCode, result.headers);
          response.end(body);
        })
        .catch((error: unknown) => {
          // The handler answers every failure itself; reaching here is a bug worth seeing.
          console.error(error);
          response.writeHead(500, { 'content-type': 'text/plain', 'x-imgfront-error': 'UNIDENTIFIED' });
          response.end('Internal error\n');
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actualPort } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    server,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
