import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A web origin on 127.0.0.1 serving bytes from memory, so each fuzz case can swap its original in. */
export interface MemoryOrigin {
  /** Base URL of the served folder (ends with `/`). */
  baseUrl: string;
  /** Serves `body` at `path` (inside the folder, not encoded) until replaced or removed. */
  put(path: string, body: Buffer): void;
  remove(path: string): void;
  close(): Promise<void>;
}

const FOLDER = '/originals/';

export async function startMemoryOrigin(): Promise<MemoryOrigin> {
  const files = new Map<string, Buffer>();
  const server = createServer((request, response) => {
    const body = files.get(request.url ?? '');
    // Always an image type: a lying Content-Type is part of what the service must see through.
    if (body === undefined) response.writeHead(404).end();
    else
      response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': body.byteLength }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const urlPath = (path: string) => `${FOLDER}${path.split('/').map(encodeURIComponent).join('/')}`;
  return {
    baseUrl: `http://127.0.0.1:${port}${FOLDER}`,
    put: (path, body) => void files.set(urlPath(path), body),
    remove: (path) => void files.delete(urlPath(path)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
