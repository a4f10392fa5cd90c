import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';

/**
 * The bench's origin, its own process: serves the corpus folder from memory after `latency` ms
 * (`origin.js <folder> <latency ms>`), with an ETag, keep-alive and HEAD, like a web folder or S3.
 */
const [folder = '.', latencyText = '0'] = process.argv.slice(2);
const latencyMs = Number(latencyText);
const TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};
const files = new Map(
  readdirSync(folder).map((name) => {
    const body = readFileSync(join(folder, name));
    return [
      `/${name}`,
      {
        body,
        etag: `"${body.byteLength.toString(16)}"`,
        type: TYPES[extname(name)] ?? 'application/octet-stream',
      },
    ];
  }),
);

const server = createServer((request, response) => {
  const file = files.get((request.url ?? '/').split('?')[0] ?? '/');
  setTimeout(() => {
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    const headers = { 'content-type': file.type, etag: file.etag, 'cache-control': 'public, max-age=3600' };
    if (request.headers['if-none-match'] === file.etag) {
      response.writeHead(304, headers).end();
      return;
    }
    response.writeHead(200, { ...headers, 'content-length': file.body.byteLength });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }, latencyMs);
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  console.error(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
