import { createHmac } from 'node:crypto';
import { DEFAULT_LIMITS } from '../../config/config';
import { ImageError } from '../../errors/image-error';
import {
  createTestOriginClient,
  startTestOrigin,
  type TestOriginServer,
} from '../../net/testing/test-origin-server';
import type { WebFolderOrigin } from '../../registry/endpoint-schema';
import { createStaticSecretResolver } from '../../secrets/static-secret-resolver';
import type { FetchContext } from '../types';
import { createWebFolderOrigin, webFolderUrl } from './web-folder-origin';

const context = (): FetchContext => ({ limits: DEFAULT_LIMITS, signal: new AbortController().signal });
const client = createTestOriginClient();
const secrets = createStaticSecretResolver({
  'ssm:/origin/password': 'p@ss:wörd',
  'secretsmanager:origin-signing': 'signing-key',
});
const folder = (baseUrl: string, extra: Partial<WebFolderOrigin> = {}): WebFolderOrigin => ({
  type: 'web',
  baseUrl,
  headers: {},
  ...extra,
});

let server: TestOriginServer;
afterEach(() => server?.close());

describe('webFolderUrl', () => {
  it('encodes every segment on its own, so reserved characters stay inside their segment', () => {
    const url = webFolderUrl('https://cdn.example.com/images', { segments: ['café menu', 'a b+c#?.jpg'] });
    expect(url.href).toBe('https://cdn.example.com/images/caf%C3%A9%20menu/a%20b%2Bc%23%3F.jpg');
  });

  it('never lets a segment switch host or leave the folder', () => {
    const url = webFolderUrl('https://cdn.example.com/images/', { segments: ['//evil.example', 'x.jpg'] });
    expect(url.host).toBe('cdn.example.com');
    expect(url.pathname).toBe('/images/%2F%2Fevil.example/x.jpg');
    expect(() => webFolderUrl('https://cdn.example.com/images/', { segments: ['..', 'secret.jpg'] })).toThrow(
      expect.objectContaining({ code: 'EINVALID', message: 'The path leaves the origin folder' }),
    );
  });

  it("keeps the base URL's query", () => {
    const url = webFolderUrl('https://cdn.example.com/i/?token=abc', { segments: ['a.jpg'] });
    expect(url.href).toBe('https://cdn.example.com/i/a.jpg?token=abc');
  });
});

describe('web folder origin', () => {
  it('fetches an original with what the origin said about it', async () => {
    server = await startTestOrigin((_request, response) =>
      response
        .writeHead(200, {
          'content-type': 'image/jpeg',
          etag: '"v1"',
          'last-modified': 'Wed, 21 Oct 2015 07:28:00 GMT',
          'cache-control': 'max-age=60',
        })
        .end('jpeg'),
    );
    const origin = createWebFolderOrigin(folder(`${server.origin}/images/`), { client, secrets });
    const original = await origin.fetch({ segments: ['Spring 2024', 'ñandú.jpg'] }, context());
    expect(server.requests[0]?.url).toBe('/images/Spring%202024/%C3%B1and%C3%BA.jpg');
    expect(original).toEqual({
      body: Buffer.from('jpeg'),
      claimedContentType: 'image/jpeg',
      etag: '"v1"',
      lastModified: new Date('2015-10-21T07:28:00Z'),
      cacheControl: 'max-age=60',
      source: `${server.origin}/images/Spring%202024/%C3%B1and%C3%BA.jpg`,
    });
  });

  it('maps a missing file to ENOENT so the next origin is tried', async () => {
    server = await startTestOrigin((_request, response) => response.writeHead(404).end());
    const origin = createWebFolderOrigin(folder(server.origin), { client, secrets });
    await expect(origin.fetch({ segments: ['a.jpg'] }, context())).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('sends configured headers, Basic auth and a signature the origin can verify', async () => {
    server = await startTestOrigin((_request, response) => response.end('ok'));
    const now = 1_700_000_000_123;
    const origin = createWebFolderOrigin(
      folder(`${server.origin}/private`, {
        headers: { 'x-origin-key': 'k1' },
        basicAuth: { username: 'imgfront', password: { source: 'ssm', name: '/origin/password' } },
        requestSigningKey: { source: 'secretsmanager', id: 'origin-signing' },
      }),
      { client, secrets, now: () => now },
    );
    await origin.fetch({ segments: ['a b.jpg'] }, context());

    const seen = server.requests[0]!;
    expect(seen.headers['x-origin-key']).toBe('k1');
    const [scheme, token] = String(seen.headers.authorization).split(' ');
    expect(scheme).toBe('Basic');
    expect(Buffer.from(token ?? '', 'base64').toString('utf8')).toBe('imgfront:p@ss:wörd');
    // Verify exactly as an origin owner would, from what arrived on the wire.
    const timestamp = String(seen.headers['x-imgfront-timestamp']);
    expect(timestamp).toBe('1700000000');
    const expected = createHmac('sha256', 'signing-key')
      .update(`${seen.method}\n${seen.headers.host}\n${seen.url}\n${timestamp}`)
      .digest('hex');
    expect(seen.headers['x-imgfront-signature']).toBe(expected);
  });

  it('keeps credentials and signatures on the configured origin when redirected elsewhere', async () => {
    server = await startTestOrigin((request, response) => {
      if (request.url === '/a.jpg')
        response.writeHead(302, { location: `http://localhost:${server.port}/b.jpg` });
      response.end('moved');
    });
    const origin = createWebFolderOrigin(
      folder(server.origin, {
        headers: { 'x-origin-key': 'k1' },
        basicAuth: { username: 'imgfront', password: { source: 'ssm', name: '/origin/password' } },
        requestSigningKey: { source: 'secretsmanager', id: 'origin-signing' },
      }),
      { client, secrets },
    );
    await origin.fetch({ segments: ['a.jpg'] }, context());
    expect(server.requests.map((seen) => seen.url)).toEqual(['/a.jpg', '/b.jpg']);
    const redirected = server.requests[1]!.headers;
    expect(redirected['user-agent']).toBe('imgfront/1.2.3');
    expect(redirected).not.toHaveProperty('authorization');
    expect(redirected).not.toHaveProperty('x-origin-key');
    expect(redirected).not.toHaveProperty('x-imgfront-signature');
  });

  it('fails clearly, without contacting the origin, when a secret cannot be resolved', async () => {
    server = await startTestOrigin((_request, response) => response.end('ok'));
    const origin = createWebFolderOrigin(
      folder(server.origin, { requestSigningKey: { source: 'ssm', name: '/missing' } }),
      { client, secrets },
    );
    const failure = await origin.fetch({ segments: ['a.jpg'] }, context()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ImageError);
    expect(failure).toMatchObject({
      code: 'UNIDENTIFIED',
      internal: expect.stringContaining('ssm:/missing'),
    });
    expect(server.connections()).toBe(0);
  });
});
