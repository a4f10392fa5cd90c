import type { IncomingMessage, ServerResponse } from 'node:http';
import sharp from 'sharp';
import { startTestOrigin, type TestOriginServer } from '../../shared/net/testing/test-origin-server';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack & { dispose(): Promise<void> };
let origin: TestOriginServer;
let current: { body: Buffer; etag: string };

const png = (colour: string) =>
  sharp({ create: { width: 90, height: 60, channels: 3, background: colour } })
    .png()
    .toBuffer();

/** A web server that answers `If-None-Match` the way HTTP says: 304 while the ETag still matches. */
function serveWithEtag(request: IncomingMessage, response: ServerResponse) {
  if (request.headers['if-none-match'] === current.etag) return void response.writeHead(304).end();
  response.writeHead(200, { 'content-type': 'image/png', etag: current.etag }).end(current.body);
}

beforeAll(async () => {
  current = { body: await png('#aa3300'), etag: '"v1"' };
  origin = await startTestOrigin(serveWithEtag);
  stack = await startTestStack();
  await stack.putEndpoint({ id: 'site', origins: [{ type: 'web', baseUrl: `${origin.origin}/` }] });
});

afterAll(async () => {
  await stack.dispose();
  await origin.close();
});

describe('revalidating a known image', () => {
  const url = '/site/tr:w-45/banner.png';

  it('asks the origin conditionally and answers 304 without downloading or rendering', async () => {
    const first = await stack.get(url);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag') ?? '';
    origin.requests.length = 0;
    stack.logs.length = 0;

    const again = await stack.get(url, { 'if-none-match': etag });
    expect([again.status, again.headers.get('etag')]).toEqual([304, etag]);
    expect(origin.requests.map((seen) => seen.headers['if-none-match'])).toEqual(['"v1"']);
    expect(stack.logs[0]?.bytesIn).toBeUndefined();
    expect(stack.logs[0]?.timings.transformation).toBeUndefined();

    const head = await fetch(`${stack.url}${url}`, { method: 'HEAD' });
    expect([head.status, head.headers.get('etag'), head.headers.get('content-type')]).toEqual([
      200,
      etag,
      first.headers.get('content-type'),
    ]);
  });

  it('answers a changed original with its new bytes and a new ETag, fetched in the same request', async () => {
    const before = await stack.get(url);
    current = { body: await png('#0033aa'), etag: '"v2"' };
    origin.requests.length = 0;

    const after = await stack.get(url, { 'if-none-match': before.headers.get('etag') ?? '' });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    const { dominant } = await sharp(after.body).stats();
    expect(dominant.b).toBeGreaterThan(dominant.r);
    expect(origin.requests).toHaveLength(1);
  });
});
