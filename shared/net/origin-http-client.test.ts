import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ImageError } from '../errors/image-error';
import { createOriginHttpClient, type OriginHttpClientOptions } from './origin-http-client';
import { startTestOrigin, type TestOriginServer } from './testing/test-origin-server';

const MiB = 1024 * 1024;
const FAST = { connectMs: 300, headersMs: 300, bodyMs: 300 };

function clientFor(options: Partial<OriginHttpClientOptions> = {}) {
  return createOriginHttpClient({
    userAgentVersion: '9.9.9',
    allowPrivateHosts: ['127.0.0.1'],
    timeouts: FAST,
    retry: { backoffMs: 5 },
    ...options,
  });
}

function get(
  url: string,
  options: { maxBytes?: number; signal?: AbortSignal; client?: ReturnType<typeof clientFor> } = {},
) {
  return (options.client ?? clientFor()).get(
    new URL(url),
    { headersFor: () => ({ 'x-from-config': 'yes' }) },
    { maxBytes: options.maxBytes ?? MiB, signal: options.signal ?? new AbortController().signal },
  );
}

async function failureOf(promise: Promise<unknown>): Promise<ImageError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ImageError)) throw new Error(`expected an ImageError, got ${String(error)}`);
  return error;
}

let server: TestOriginServer;
afterEach(() => server?.close());

describe('origin HTTP client', () => {
  it('returns the body and headers, and identifies itself without asking for compression', async () => {
    server = await startTestOrigin((_request, response) => {
      response.writeHead(200, { 'content-type': 'image/png', etag: '"abc"' }).end('png-bytes');
    });
    const answer = await get(`${server.origin}/a.png`);
    expect(answer.body.toString()).toBe('png-bytes');
    expect(answer.headers.etag).toBe('"abc"');
    expect(server.requests[0]?.headers).toMatchObject({
      'user-agent': 'imgfront/9.9.9',
      'x-imgfront-request': '1',
      'accept-encoding': 'identity',
      'x-from-config': 'yes',
    });
  });

  describe('private addresses', () => {
    it.each(['2130706433', '0x7f.1', '127.1', '0', '[::ffff:7f00:1]', '[::ffff:127.0.0.1]', '[::1]'])(
      'refuses the IP literal %s without connecting',
      async (host) => {
        server = await startTestOrigin((_request, response) => response.end('secret'));
        const error = await failureOf(
          get(`http://${host}:${server.port}/latest/meta-data/`, {
            client: clientFor({ allowPrivateHosts: [] }),
          }),
        );
        expect(error.code).toBe('ECONNREFUSED');
        expect(error.message).toBe('The origin could not be reached');
        expect(error.internal).toMatch(/blocked private address/);
        expect(server.connections()).toBe(0);
      },
    );

    it('reuses a connection for the next request to the same origin', async () => {
      server = await startTestOrigin((_request, response) => response.end('ok'));
      const client = clientFor();
      for (let round = 0; round < 3; round++) {
        expect((await get(`${server.origin}/a.png`, { client })).body.toString()).toBe('ok');
      }
      expect([server.requests.length, server.connections()]).toEqual([3, 1]);
    });

    it('guards new connections beside pooled ones: a pooled host never opens the way to a refused one', async () => {
      server = await startTestOrigin((_request, response) => response.end('ok'));
      // "localhost" may reach loopback by name; the literal 127.0.0.1 is not allowed.
      const client = clientFor({ allowPrivateHosts: ['localhost'] });
      await get(`http://localhost:${server.port}/a.png`, { client });
      await get(`http://localhost:${server.port}/a.png`, { client });
      const refused = await failureOf(get(`http://127.0.0.1:${server.port}/a.png`, { client }));
      expect(refused.code).toBe('ECONNREFUSED');
      expect(refused.internal).toMatch(/blocked private address/);
      expect([server.requests.length, server.connections()]).toEqual([2, 1]);
    });

    it('closes a connection that answered anything but a whole 2xx', async () => {
      server = await startTestOrigin((request, response) =>
        request.url === '/missing.png' ? response.writeHead(404).end('no') : response.end('ok'),
      );
      const client = clientFor();
      await failureOf(get(`${server.origin}/missing.png`, { client }));
      await get(`${server.origin}/a.png`, { client });
      expect(server.connections()).toBe(2);
    });

    it('refuses a hostname that resolves to loopback unless that host is allowed', async () => {
      server = await startTestOrigin((_request, response) => response.end('ok'));
      const refused = await failureOf(
        get(`http://localhost:${server.port}/a.png`, { client: clientFor({ allowPrivateHosts: [] }) }),
      );
      expect(refused.code).toBe('ECONNREFUSED');
      expect(refused.internal).toMatch(/blocked private address: localhost -> loopback/);
      expect(server.connections()).toBe(0);

      const allowed = await get(`http://localhost:${server.port}/a.png`, {
        client: clientFor({ allowPrivateHosts: ['localhost'] }),
      });
      expect(allowed.body.toString()).toBe('ok');
    });

    it.each(['http://169.254.169.254/latest/meta-data/', 'http://10.0.0.1/', 'http://[::ffff:a9fe:a9fe]/'])(
      'refuses a redirect to %s',
      async (target) => {
        server = await startTestOrigin((_request, response) =>
          response.writeHead(302, { location: target }).end(),
        );
        const error = await failureOf(get(`${server.origin}/a.png`));
        expect(error.code).toBe('ECONNREFUSED');
        expect(error.internal).toMatch(/blocked private address/);
        expect(server.requests).toHaveLength(1);
      },
    );
  });

  describe('redirects', () => {
    const redirectingOrigin = () =>
      startTestOrigin((request, response) => {
        const left = Number(request.url?.split('/')[2]);
        if (left > 0) response.writeHead(301, { location: `/hop/${left - 1}` }).end();
        else response.end('arrived');
      });

    it('follows up to three redirects', async () => {
      server = await redirectingOrigin();
      const answer = await get(`${server.origin}/hop/3`);
      expect(answer.body.toString()).toBe('arrived');
      expect(answer.url.pathname).toBe('/hop/0');
    });

    it('gives up after three redirects', async () => {
      server = await redirectingOrigin();
      const error = await failureOf(get(`${server.origin}/hop/10`));
      expect(error.code).toBe('UNIDENTIFIED');
      expect(error.status).toBe(503);
      expect(error.message).toBe('The origin redirected too many times');
      expect(server.requests).toHaveLength(4);
    });

    it('refuses a redirect to a scheme other than http or https', async () => {
      server = await startTestOrigin((_request, response) =>
        response.writeHead(307, { location: 'file:///etc/passwd' }).end(),
      );
      const error = await failureOf(get(`${server.origin}/a.png`));
      expect(error.code).toBe('ECONNREFUSED');
      expect(error.internal).toMatch(/unsupported scheme file:/);
    });

    it('reports a redirect without a Location', async () => {
      server = await startTestOrigin((_request, response) => response.writeHead(302).end());
      const error = await failureOf(get(`${server.origin}/a.png`));
      expect(error).toMatchObject({ code: 'UNIDENTIFIED', status: 503 });
    });
  });

  describe('statuses', () => {
    it.each([
      [404, 'ENOENT', 404, false],
      [410, 'ENOENT', 404, false],
      [401, 'EACCES', 404, false],
      [403, 'EACCES', 404, false],
      // An odd answer may be fixed at the origin any moment: a short-lived 503, but not worth a retry.
      [400, 'UNIDENTIFIED', 503, true],
    ])('maps %i to %s without retrying', async (status, code, answerStatus, retryable) => {
      server = await startTestOrigin((_request, response) => response.writeHead(status).end());
      const error = await failureOf(get(`${server.origin}/a.png`));
      expect(error).toMatchObject({ code, status: answerStatus, retryable });
      expect(server.requests).toHaveLength(1);
    });

    it('retries a 503 and succeeds when the origin recovers', async () => {
      let calls = 0;
      server = await startTestOrigin((_request, response) => {
        calls++;
        if (calls <= 2) response.writeHead(503).end();
        else response.end('recovered');
      });
      const answer = await get(`${server.origin}/a.png`);
      expect(answer.body.toString()).toBe('recovered');
      expect(server.requests).toHaveLength(3);
    });

    it.each([503, 429, 500])('reports a persistent %i as transient after bounded retries', async (status) => {
      server = await startTestOrigin((_request, response) => response.writeHead(status).end());
      const error = await failureOf(get(`${server.origin}/a.png`));
      expect(error).toMatchObject({ code: 'UNIDENTIFIED', status: 503, retryable: true });
      expect(server.requests).toHaveLength(3);
    });
  });

  describe('connection failures', () => {
    it('maps a refused connection to ECONNREFUSED', async () => {
      const closed = http.createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const { port } = closed.address() as AddressInfo;
      await new Promise((resolve) => closed.close(resolve));
      const error = await failureOf(get(`http://127.0.0.1:${port}/a.png`));
      expect(error).toMatchObject({ code: 'ECONNREFUSED', retryable: true });
    });

    it('maps a DNS failure to ECONNREFUSED', async () => {
      const error = await failureOf(get('http://no-such-host.invalid/a.png'));
      expect(error.code).toBe('ECONNREFUSED');
      expect(error.internal).toMatch(/ENOTFOUND/);
    });
  });

  describe('deadlines', () => {
    it('fails an origin that never sends headers within the headers deadline', async () => {
      server = await startTestOrigin(() => undefined);
      const started = Date.now();
      const error = await failureOf(get(`${server.origin}/a.png`));
      expect(error).toMatchObject({ code: 'ETIMEDOUT', retryable: true });
      expect(error.internal).toMatch(/no response headers within 300 ms/);
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('fails an origin that trickles its body within the body deadline', async () => {
      server = await startTestOrigin((_request, response) => {
        response.writeHead(200, { 'content-length': '1000' });
        const drip = setInterval(() => response.write('x'), 20);
        response.on('close', () => clearInterval(drip));
      });
      const started = Date.now();
      const error = await failureOf(get(`${server.origin}/a.png`));
      expect(error).toMatchObject({ code: 'ETIMEDOUT', retryable: true });
      expect(error.internal).toMatch(/no complete body within 300 ms/);
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it("stops when the request's own signal aborts", async () => {
      server = await startTestOrigin(() => undefined);
      const error = await failureOf(get(`${server.origin}/a.png`, { signal: AbortSignal.timeout(50) }));
      expect(error.code).toBe('ETIMEDOUT');
      expect(error.internal).toMatch(/request deadline passed/);
    });
  });

  describe('body size', () => {
    it('fails with ELIMIT while streaming, long before the origin has sent everything', async () => {
      let finished = false;
      server = await startTestOrigin((_request, response) => {
        const chunk = Buffer.alloc(64 * 1024, 1);
        let left = 4096; // 256 MiB if nobody stops us
        const pump = () => {
          while (left > 0) {
            left--;
            if (!response.write(chunk)) return void response.once('drain', pump);
          }
          finished = true;
          response.end();
        };
        response.writeHead(200);
        pump();
      });
      const error = await failureOf(get(`${server.origin}/huge.png`, { maxBytes: 256 * 1024 }));
      expect(error).toMatchObject({ code: 'ELIMIT', status: 400 });
      expect(finished).toBe(false);
    });

    it('fails with ELIMIT from the Content-Length before reading the body', async () => {
      server = await startTestOrigin((_request, response) => {
        response.writeHead(200, { 'content-length': String(10 * MiB) });
        response.write('x');
      });
      const started = Date.now();
      const error = await failureOf(get(`${server.origin}/huge.png`, { maxBytes: MiB }));
      expect(error.code).toBe('ELIMIT');
      expect(Date.now() - started).toBeLessThan(FAST.bodyMs);
    });

    it('reports a body shorter than its Content-Length as a transient failure', async () => {
      server = await startTestOrigin((_request, response) => {
        response.writeHead(200, { 'content-length': '100' });
        response.write('x'.repeat(50), () => response.destroy());
      });
      const error = await failureOf(get(`${server.origin}/short.png`));
      expect(error).toMatchObject({ code: 'UNIDENTIFIED', retryable: true });
      expect(server.requests).toHaveLength(3);
    });
  });
});
