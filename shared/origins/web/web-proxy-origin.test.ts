import { DEFAULT_LIMITS } from '../../config/config';
import {
  createTestOriginClient,
  startTestOrigin,
  type TestOriginServer,
} from '../../net/testing/test-origin-server';
import type { WebProxyOrigin } from '../../registry/endpoint-schema';
import type { FetchContext } from '../types';
import { createWebProxyOrigin, webProxyUrl } from './web-proxy-origin';

const context = (): FetchContext => ({ limits: DEFAULT_LIMITS, signal: new AbortController().signal });
const client = createTestOriginClient();
const proxy = (...allowedHosts: string[]): WebProxyOrigin => ({ type: 'webProxy', allowedHosts });

let server: TestOriginServer;
afterEach(() => server?.close());

describe('webProxyUrl', () => {
  const config = proxy('img.example.com');

  it('builds the URL from scheme, host and re-encoded path, matching hosts case-insensitively', () => {
    const url = webProxyUrl(config, { segments: ['HTTPS:', 'IMG.Example.com', 'a b', 'ü.png'] });
    expect(url.href).toBe('https://img.example.com/a%20b/%C3%BC.png');
  });

  it.each([
    [['ftp:', 'img.example.com', 'a.png'], 'The proxied URL must start with http:// or https://'],
    [['img.example.com', 'a.png'], 'The proxied URL must start with http:// or https://'],
    [['https:', 'img.example.com@evil.example', 'a.png'], 'The proxied URL has no valid host'],
    [['https:', 'img.example.com\\evil.example', 'a.png'], 'The proxied URL has no valid host'],
    [['https:', 'img.example.com'], 'The proxied URL names no file'],
    [['https:', 'evil.example', 'a.png'], 'The proxied host is not allowed for this endpoint'],
    [
      ['https:', 'img.example.com.evil.example', 'a.png'],
      'The proxied host is not allowed for this endpoint',
    ],
    [['https:', 'img.example.com:8443', 'a.png'], 'The proxied host is not allowed for this endpoint'],
  ])('refuses %j with EINVALID', (segments, message) => {
    expect(() => webProxyUrl(config, { segments })).toThrow(
      expect.objectContaining({ code: 'EINVALID', message }),
    );
  });
});

describe('web proxy origin', () => {
  it('fetches from an allow-listed host and sends only our own headers', async () => {
    server = await startTestOrigin((_request, response) => response.end('png'));
    const origin = createWebProxyOrigin(proxy(`127.0.0.1:${server.port}`), { client });
    const original = await origin.fetch(
      { segments: ['http:', `127.0.0.1:${server.port}`, 'dir', 'a b.png'] },
      context(),
    );
    expect(original.body.toString()).toBe('png');
    expect(server.requests[0]?.url).toBe('/dir/a%20b.png');
    expect(Object.keys(server.requests[0]!.headers).sort()).toEqual(
      ['accept-encoding', 'connection', 'host', 'user-agent', 'x-imgfront-request'].sort(),
    );
  });

  it('refuses a host that is not on its allow-list without connecting', async () => {
    server = await startTestOrigin((_request, response) => response.end('png'));
    const origin = createWebProxyOrigin(proxy('img.example.com'), { client });
    await expect(
      origin.fetch({ segments: ['http:', `127.0.0.1:${server.port}`, 'a.png'] }, context()),
    ).rejects.toMatchObject({ code: 'EINVALID', status: 400 });
    expect(server.connections()).toBe(0);
  });

  it('refuses a redirect to a host off the allow-list', async () => {
    server = await startTestOrigin((_request, response) =>
      response.writeHead(302, { location: `http://localhost:${server.port}/b.png` }).end(),
    );
    const origin = createWebProxyOrigin(proxy(`127.0.0.1:${server.port}`), { client });
    await expect(
      origin.fetch({ segments: ['http:', `127.0.0.1:${server.port}`, 'a.png'] }, context()),
    ).rejects.toMatchObject({
      code: 'ECONNREFUSED',
      internal: expect.stringMatching(/not on the allow-list/),
    });
    expect(server.requests).toHaveLength(1);
  });
});
