import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp, { type FormatEnum } from 'sharp';

/**
 * The minimal raw-sharp proxy the bench compares with, its own process (`raw-sharp.js <origin>...`):
 * `/<origin index>/<file>?w=400&f=webp[&q=80][&a=1]` fetches the file (keep-alive, Node's fetch), resizes
 * to the width (never enlarging), encodes at sharp's defaults but the quality given, and answers. No checks,
 * no caching, no headers beyond the type: the floor a real service's overhead is measured against.
 */
const origins = process.argv.slice(2);

const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const [, originIndex = '', ...file] = url.pathname.split('/');
  const format = (url.searchParams.get('f') ?? 'jpeg') as keyof FormatEnum;
  (async () => {
    const original = await fetch(`${origins[Number(originIndex)]}/${file.join('/')}`);
    if (!original.ok) {
      response.writeHead(502).end();
      return;
    }
    const output = await sharp(Buffer.from(await original.arrayBuffer()), {
      animated: url.searchParams.has('a'),
    })
      .resize({ width: Number(url.searchParams.get('w')), withoutEnlargement: true })
      .toFormat(format, url.searchParams.has('q') ? { quality: Number(url.searchParams.get('q')) } : {})
      .toBuffer();
    response.writeHead(200, { 'content-type': `image/${format}`, 'content-length': output.byteLength });
    response.end(output);
  })().catch(() => {
    response.writeHead(500).end();
  });
});
server.listen(0, '127.0.0.1', () => {
  console.error(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
