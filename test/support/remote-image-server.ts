import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A plain web server with one image at `path`, for web-proxy origins; `host` is `127.0.0.1:<port>`. */
export async function startRemoteImageServer(
  path: string,
  body: Buffer,
  contentType = 'image/png',
): Promise<{ host: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    if (request.url !== path) return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': contentType }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
