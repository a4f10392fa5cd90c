import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CORS_POLICY } from '../infra/edge/cors-policy';
import { ERROR_CACHING_MIN_TTL_SECONDS, MAX_SERVER_ERROR_CACHING_SECONDS } from '../infra/edge/error-caching';
import { startCdnStandIn, type CdnStandIn } from './cdn-stand-in';

const IMAGE = Buffer.alloc(4096, 7);
const ETAG = '"image-v1"';
const LAST_MODIFIED = 'Wed, 01 Jan 2025 00:00:00 GMT';

/** What the fake function URL answers, by path. */
const ROUTES: Record<string, { status: number; headers: Record<string, string>; body: Buffer }> = {
  '/demo/photo.jpg': {
    status: 200,
    headers: {
      'content-type': 'image/jpeg',
      'cache-control': 'public, max-age=3600',
      etag: ETAG,
      'last-modified': LAST_MODIFIED,
      // The policy overrides whatever CORS the origin says.
      'access-control-allow-origin': 'https://origin-says.example',
    },
    body: IMAGE,
  },
  '/demo/missing.jpg': {
    status: 404,
    headers: { 'cache-control': 'public, max-age=300', 'x-imgfront-error': 'ENOENT' },
    body: Buffer.from('not found'),
  },
  ...Object.fromEntries(
    [500, 501, 502, 503, 504].map((status) => [
      `/demo/fails-${status}.jpg`,
      { status, headers: { 'cache-control': 'max-age=0' }, body: Buffer.from(`failed ${status}`) },
    ]),
  ),
};

/** Requests that reached the origin, as `METHOD path`. */
let originHits: string[];
let origin: Server;
let cdn: CdnStandIn;
let clock: number;

async function startOrigin(): Promise<string> {
  origin = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    originHits.push(`${request.method} ${path}`);
    if (request.method === 'OPTIONS') {
      response
        .writeHead(204, { 'cache-control': 'public, max-age=86400', allow: 'GET, HEAD, OPTIONS' })
        .end();
      return;
    }
    const route = ROUTES[path];
    if (!route) {
      response.writeHead(404, { 'cache-control': 'max-age=0' }).end();
      return;
    }
    response.writeHead(route.status, { ...route.headers, 'content-length': route.body.byteLength });
    response.end(request.method === 'HEAD' ? undefined : route.body);
  });
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
}

beforeEach(async () => {
  originHits = [];
  clock = Date.UTC(2025, 5, 1);
  cdn = await startCdnStandIn(await startOrigin(), 0, { now: () => clock });
});

afterEach(async () => {
  await cdn.close();
  await new Promise<void>((resolve) => origin.close(() => resolve()));
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One request to the stand-in; a hang fails the test instead of waiting for a socket timeout. */
function send(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: Buffer,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const framing = body ? { 'content-length': String(body.byteLength) } : {};
    const options = { method, headers: { ...headers, ...framing }, timeout: 10_000 };
    const request = httpRequest(`${cdn.url}${path}`, options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    request.on('timeout', () => request.destroy(new Error(`${method} ${path} got no answer`)));
    request.on('error', (error) => {
      // The stand-in may answer (and close) before the whole upload is sent.
      if ((error as NodeJS.ErrnoException).code !== 'EPIPE') reject(error);
    });
    request.end(body);
  });
}

const elapse = (seconds: number) => {
  clock += seconds * 1000;
};

describe('methods the cache behaviour does not allow', () => {
  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])(
    '%s with a 1 MB body gets CloudFront 403 "Invalid method" at once and never reaches the origin',
    async (method) => {
      const answer = await send(
        method,
        '/demo/photo.jpg',
        { 'content-type': 'application/octet-stream' },
        Buffer.alloc(1024 * 1024, 1),
      );
      expect(answer.status).toBe(403);
      expect(answer.headers['content-type']).toBe('text/html');
      expect(answer.body.toString()).toContain(
        'This distribution is not configured to allow the HTTP request method that was used for this request.',
      );
      expect(originHits).toEqual([]);
    },
  );

  it('refuses a GET carrying a body with 403, without reaching the origin', async () => {
    const answer = await send('GET', '/demo/photo.jpg', {}, Buffer.from('unexpected'));
    expect(answer.status).toBe(403);
    expect(originHits).toEqual([]);
  });
});

describe('cached objects', () => {
  it('are served from the cache on the second GET', async () => {
    const first = await send('GET', '/demo/photo.jpg');
    const second = await send('GET', '/demo/photo.jpg');
    expect([first.headers['x-cache'], second.headers['x-cache']]).toEqual([
      'Miss from imgfront-local',
      'Hit from imgfront-local',
    ]);
    expect(second.body.equals(IMAGE)).toBe(true);
    expect(originHits).toEqual(['GET /demo/photo.jpg']);
  });

  it('answer a conditional GET with the cached ETag with 304 from the cache, no body', async () => {
    await send('GET', '/demo/photo.jpg');
    await send('GET', '/demo/photo.jpg');
    const conditional = await send('GET', '/demo/photo.jpg', { 'if-none-match': ETAG });
    expect(conditional.status).toBe(304);
    expect(conditional.body.byteLength).toBe(0);
    expect(conditional.headers.etag).toBe(ETAG);
    expect(conditional.headers['cache-control']).toBe('public, max-age=3600');
    expect(conditional.headers['x-cache']).toBe('Hit from imgfront-local');
    expect(originHits).toEqual(['GET /demo/photo.jpg']);
  });

  it('answer a conditional GET with another ETag with the full object', async () => {
    await send('GET', '/demo/photo.jpg');
    const conditional = await send('GET', '/demo/photo.jpg', { 'if-none-match': '"image-v0", W/"other"' });
    expect(conditional.status).toBe(200);
    expect(conditional.body.equals(IMAGE)).toBe(true);
  });

  it.each([
    [LAST_MODIFIED, 304],
    ['Thu, 01 May 2025 00:00:00 GMT', 304],
    ['Tue, 31 Dec 2024 23:59:59 GMT', 200],
  ])('answer If-Modified-Since %s with %i', async (since, status) => {
    await send('GET', '/demo/photo.jpg');
    const conditional = await send('GET', '/demo/photo.jpg', { 'if-modified-since': since });
    expect(conditional.status).toBe(status);
    expect(originHits).toEqual(['GET /demo/photo.jpg']);
  });

  it('answer HEAD with the cached GET headers and no body, without reaching the origin', async () => {
    await send('GET', '/demo/photo.jpg');
    const head = await send('HEAD', '/demo/photo.jpg');
    expect(head.status).toBe(200);
    expect(head.body.byteLength).toBe(0);
    expect(head.headers['content-length']).toBe(String(IMAGE.byteLength));
    expect(head.headers['content-type']).toBe('image/jpeg');
    expect(head.headers.etag).toBe(ETAG);
    expect(head.headers['x-cache']).toBe('Hit from imgfront-local');
    expect(originHits).toEqual(['GET /demo/photo.jpg']);
  });

  it('expire after their max-age', async () => {
    await send('GET', '/demo/photo.jpg');
    elapse(3601);
    expect((await send('GET', '/demo/photo.jpg')).headers['x-cache']).toBe('Miss from imgfront-local');
    expect(originHits).toHaveLength(2);
  });
});

describe('CORS, as the response headers policy sets it', () => {
  const preflight = { origin: 'https://shop.example.com', 'access-control-request-method': 'GET' };

  it('answers a preflight with the policy allowed methods, headers and max-age, cached apart from GET', async () => {
    const first = await send('OPTIONS', '/demo/photo.jpg', preflight);
    const second = await send('OPTIONS', '/demo/photo.jpg', {
      ...preflight,
      origin: 'https://other.example',
    });
    for (const answer of [first, second]) {
      expect(answer.status).toBe(204);
      expect(answer.headers).toMatchObject({
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'GET,HEAD',
        'access-control-allow-headers': '*',
        'access-control-max-age': String(CORS_POLICY.maxAgeSeconds),
      });
    }
    expect(second.headers['x-cache']).toBe('Hit from imgfront-local');
    expect(originHits).toEqual(['OPTIONS /demo/photo.jpg']);
    expect((await send('GET', '/demo/photo.jpg')).headers['x-cache']).toBe('Miss from imgfront-local');
  });

  it('lets a CORS GET read the image and the exposed headers, whatever CORS the origin sent', async () => {
    const answer = await send('GET', '/demo/photo.jpg', { origin: 'https://shop.example.com' });
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(answer.headers['access-control-expose-headers']?.split(',')).toEqual(
      expect.arrayContaining(['Server-Timing', 'ETag', 'x-imgfront-error']),
    );
  });

  it('adds no CORS headers to a request without Origin', async () => {
    const answer = await send('GET', '/demo/photo.jpg');
    expect(Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
  });

  it('names only an allowed origin when the stage lists origins', async () => {
    await cdn.close();
    cdn = await startCdnStandIn(`http://127.0.0.1:${(origin.address() as AddressInfo).port}`, 0, {
      corsAllowedOrigins: ['https://shop.example.com'],
    });
    const allowed = await send('OPTIONS', '/demo/photo.jpg', preflight);
    const refused = await send('OPTIONS', '/demo/photo.jpg', {
      ...preflight,
      origin: 'https://evil.example',
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example.com');
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    expect(refused.headers['access-control-allow-methods']).toBeUndefined();
  });
});

describe('error caching', () => {
  it('keeps a 503 sent with max-age=0 for the 503 error-caching minimum, then asks the origin again', async () => {
    const floor = ERROR_CACHING_MIN_TTL_SECONDS[503];
    expect((await send('GET', '/demo/fails-503.jpg')).status).toBe(503);
    elapse(floor - 0.5);
    const cached = await send('GET', '/demo/fails-503.jpg');
    expect([cached.status, cached.headers['x-cache']]).toEqual([503, 'Hit from imgfront-local']);
    elapse(1);
    expect((await send('GET', '/demo/fails-503.jpg')).headers['x-cache']).toBe('Miss from imgfront-local');
    expect(originHits).toEqual(['GET /demo/fails-503.jpg', 'GET /demo/fails-503.jpg']);
  });

  it.each([500, 501, 502, 503, 504])('never keeps a %i longer than 10 seconds', async (status) => {
    await send('GET', `/demo/fails-${status}.jpg`);
    elapse(MAX_SERVER_ERROR_CACHING_SECONDS + 0.001);
    const again = await send('GET', `/demo/fails-${status}.jpg`);
    expect([again.status, again.headers['x-cache']]).toEqual([status, 'Miss from imgfront-local']);
    expect(originHits).toHaveLength(2);
  });

  it("keeps a 404 for the endpoint's error TTL (its max-age)", async () => {
    await send('GET', '/demo/missing.jpg');
    elapse(299);
    expect((await send('GET', '/demo/missing.jpg')).headers['x-cache']).toBe('Hit from imgfront-local');
    elapse(2);
    expect((await send('GET', '/demo/missing.jpg')).headers['x-cache']).toBe('Miss from imgfront-local');
  });
});

describe('an unreachable origin', () => {
  it('gets a 502 at once', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await cdn.close();
    cdn = await startCdnStandIn(`http://127.0.0.1:${port}`);
    expect((await send('GET', '/demo/photo.jpg')).status).toBe(502);
  });
});
