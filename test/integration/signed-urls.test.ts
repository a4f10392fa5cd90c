import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { sign } from '../../shared/signing/url-signature';
import { parseChain } from '../../shared/url/chain';
import { startTestStack, type TestStack } from '../support/stack';

const KEY = 'test-signing-key';
const OLD_KEY = 'previous-signing-key';
let stack: TestStack & { dispose(): Promise<void> };

const signatureFor = (key: string, chain: string, expiresAt?: number) =>
  sign(key, {
    endpointId: 'private',
    path: { segments: ['cat.jpg'] },
    steps: parseChain(chain),
    version: undefined,
    expiresAt,
  });

beforeAll(async () => {
  stack = await startTestStack({ secrets: { 'ssm:/imgfront/key': KEY, 'ssm:/imgfront/old-key': OLD_KEY } });
  const cat = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#888888' } })
    .jpeg()
    .toBuffer();
  await putObject(stack, DEMO_BUCKET, 'cat.jpg', cat);
  await stack.putEndpoint({
    id: 'private',
    origins: [{ type: 's3', bucket: DEMO_BUCKET }],
    settings: {
      signing: {
        required: true,
        keys: [
          { source: 'ssm', name: '/imgfront/key' },
          { source: 'ssm', name: '/imgfront/old-key' },
        ],
      },
    },
  });
});

afterAll(() => stack.dispose());

describe('signed URLs', () => {
  it('serves a correctly signed URL, in the path or the query form', async () => {
    const signature = signatureFor(KEY, 'w-100,h-50');
    expect((await stack.get(`/private/tr:w-100,h-50/cat.jpg?ik-s=${signature}`)).status).toBe(200);
    expect((await stack.get(`/private/cat.jpg?tr=h-50,w-100&ik-s=${signature}`)).status).toBe(200);
  });

  it('accepts every active key, so keys can rotate', async () => {
    expect((await stack.get(`/private/tr:w-100/cat.jpg?ik-s=${signatureFor(OLD_KEY, 'w-100')}`)).status).toBe(
      200,
    );
  });

  it.each([
    ['missing', '/private/tr:w-100/cat.jpg'],
    ['for another transformation', `/private/tr:w-200/cat.jpg?ik-s=${signatureFor(KEY, 'w-100')}`],
    ['truncated', `/private/tr:w-100/cat.jpg?ik-s=${signatureFor(KEY, 'w-100').slice(0, 20)}`],
    ['made with an unknown key', `/private/tr:w-100/cat.jpg?ik-s=${signatureFor('guess', 'w-100')}`],
    ['expired', `/private/tr:w-100/cat.jpg?ik-t=1000&ik-s=${signatureFor(KEY, 'w-100', 1000)}`],
    [
      'with its expiry moved',
      `/private/tr:w-100/cat.jpg?ik-t=9999999999&ik-s=${signatureFor(KEY, 'w-100', 1000)}`,
    ],
  ])('refuses a signature that is %s with 401 ESIGNATURE', async (_case, path) => {
    const response = await stack.get(path);
    expect([response.status, response.headers.get('x-imgfront-error')]).toEqual([401, 'ESIGNATURE']);
  });

  it('serves an unexpired signed URL, cached no longer than it stays valid', async () => {
    const expiresAt = Math.floor(Date.now() / 1000) + 3600;
    const path = `/private/tr:w-100/cat.jpg?ik-t=${expiresAt}&ik-s=${signatureFor(KEY, 'w-100', expiresAt)}`;
    // Through the CDN the edge checks the expiry on every request and drops the signature from the
    // cache key, so the shared entry keeps the endpoint's TTL (see edge-enforcement.test.ts).
    for (const url of [`${stack.url}${path}`]) {
      const response = await fetch(url);
      expect(response.status).toBe(200);
      const maxAge = Number(/max-age=(\d+)/.exec(response.headers.get('cache-control') ?? '')?.[1]);
      expect(maxAge).toBeGreaterThan(3500);
      expect(maxAge).toBeLessThanOrEqual(3600);
      expect(response.headers.get('cache-control')).not.toMatch(/immutable|s-maxage/);
    }
  });

  it('caps a versioned signed URL below its expiry and drops immutable', async () => {
    const expiresAt = Math.floor(Date.now() / 1000) + 3600;
    const signature = sign(KEY, {
      endpointId: 'private',
      path: { segments: ['cat.jpg'] },
      steps: parseChain('w-90'),
      version: '7',
      expiresAt,
    });
    const response = await stack.get(
      `/private/tr:w-90/cat.jpg?updatedAt=7&ik-t=${expiresAt}&ik-s=${signature}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toMatch(/^public, max-age=(3[0-5]\d\d|3600)$/);
  });
});
