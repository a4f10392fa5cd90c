import { createHmac } from 'node:crypto';
import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * `signing.scheme: imagekit`: URLs signed the way @imagekit/nodejs signs them. The vectors are the
 * SDK's own (tests/custom-tests/url-generation/signing.test.ts, private key `dummy-key`, urlEndpoint
 * `https://ik.imagekit.io/demo/`), with the host replaced by ours: the endpoint id is `demo`.
 */
const KEY = 'dummy-key';
const SDK_VECTORS = [
  '/demo/sdk-testing-files/future-search.png?ik-s=32dbbbfc5f945c0403c71b54c38e76896ef2d6b0',
  '/demo/sdk-testing-files/future-search.png?version=2.0&tr=w-300,h-200&ik-s=601d97a7834b7554f4dabf0d3fc3a219ceeb6b31',
  '/demo/tr:w-300,h-200/sdk-testing-files/future-search.png?version=2.0&ik-s=dd1ee8f83d019bc59fd57a5fc4674a11eb8a3496',
  '/demo/sdk-testing-files/%E0%A4%B9%E0%A4%BF%E0%A4%A8%E0%A5%8D%E0%A4%A6%E0%A5%80.png?ik-s=3fff2f31da1f45e007adcdbe95f88c8c330e743c',
];

/** ImageKit's documented algorithm, written out: HMAC-SHA1 hex of the URL after the endpoint + expiry. */
function imagekitSigned(afterEndpoint: string, expiresAt?: number): string {
  const signature = createHmac('sha1', KEY)
    .update(`${afterEndpoint}${expiresAt ?? 9999999999}`)
    .digest('hex');
  const separator = afterEndpoint.includes('?') ? '&' : '?';
  const expiry = expiresAt === undefined ? '' : `ik-t=${expiresAt}&`;
  return `/demo/${afterEndpoint}${separator}${expiry}ik-s=${signature}`;
}

let stack: TestStack & { dispose(): Promise<void> };

beforeAll(async () => {
  stack = await startTestStack({ secrets: { 'ssm:/imgfront/ik': KEY } });
  const png = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#2266aa' } })
    .png()
    .toBuffer();
  await putObject(stack, DEMO_BUCKET, 'ik/sdk-testing-files/future-search.png', png);
  await putObject(stack, DEMO_BUCKET, 'ik/sdk-testing-files/हिन्दी.png', png);
  const keys = [{ source: 'ssm', name: '/imgfront/ik' }] as const;
  await stack.putEndpoint({
    id: 'demo',
    origins: [{ type: 's3', bucket: DEMO_BUCKET, prefix: 'ik' }],
    settings: { signing: { required: true, scheme: 'imagekit', keys: [...keys] } },
  });
  // The same key under imgfront's own scheme: an ImageKit signature means nothing there.
  await stack.putEndpoint({
    id: 'own',
    origins: [{ type: 's3', bucket: DEMO_BUCKET, prefix: 'ik' }],
    settings: { signing: { required: true, keys: [...keys] } },
  });
});

afterAll(() => stack.dispose());

const refusal = async (path: string) => {
  const response = await stack.get(path);
  return [response.status, response.headers.get('x-imgfront-error')];
};

describe('the imagekit signing scheme', () => {
  it.each(SDK_VECTORS)('verifies the SDK-signed URL %s', async (path) => {
    const response = await stack.get(path);
    expect(response.status).toBe(200);
    const { width } = await sharp(response.body).metadata();
    expect(width).toBe(path.includes('w-300') ? 300 : 600);
  });

  it('verifies an unexpired ik-t and caches no longer than it lasts', async () => {
    const expiresAt = Math.floor(Date.now() / 1000) + 600;
    const response = await stack.get(
      imagekitSigned('tr:w-50/sdk-testing-files/future-search.png', expiresAt),
    );
    expect(response.status).toBe(200);
    expect(
      Number(/max-age=(\d+)/.exec(response.headers.get('cache-control') ?? '')?.[1]),
    ).toBeLessThanOrEqual(600);
  });

  it.each([
    ['tampered', SDK_VECTORS[1]!.replace('w-300', 'w-301')],
    ['re-encoded (same meaning, other raw text)', SDK_VECTORS[1]!.replace('w-300,h-200', 'w-300%2Ch-200')],
    [
      'moved from query to path',
      SDK_VECTORS[1]!.replace('/demo/', '/demo/tr:w-300,h-200/').replace('&tr=w-300,h-200', ''),
    ],
    ['with a query parameter dropped', SDK_VECTORS[1]!.replace('version=2.0&', '')],
    ['expired', imagekitSigned('sdk-testing-files/future-search.png', 1000)],
    [
      'with its expiry moved',
      imagekitSigned('sdk-testing-files/future-search.png', 1000).replace('ik-t=1000', 'ik-t=9999999998'),
    ],
    ['truncated', SDK_VECTORS[0]!.slice(0, -1)],
    ['missing', '/demo/sdk-testing-files/future-search.png'],
  ])('refuses a URL that is %s with 401 ESIGNATURE', async (_case, path) => {
    expect(await refusal(path)).toEqual([401, 'ESIGNATURE']);
  });

  it('means nothing to an endpoint on the imgfront scheme', async () => {
    expect(await refusal(SDK_VECTORS[0]!.replace('/demo/', '/own/'))).toEqual([401, 'ESIGNATURE']);
  });
});

describe('the imagekit signing scheme at the edge (through the CloudFront stand-in)', () => {
  const viaCdn = async (path: string) => {
    const response = await fetch(`${stack.cdnUrl}${path}`);
    return { response, body: Buffer.from(await response.arrayBuffer()) };
  };
  /** Requests the transform function has handled so far (one log line each). */
  const renders = () => stack.logs.length;

  it.each(SDK_VECTORS)('verifies the SDK-signed URL %s', async (path) => {
    const { response, body } = await viaCdn(path);
    expect(response.status).toBe(200);
    expect((await sharp(body).metadata()).width).toBe(path.includes('w-300') ? 300 : 600);
  });

  it.each([
    ['tampered', SDK_VECTORS[1]!.replace('w-300', 'w-302')],
    ['expired', imagekitSigned('sdk-testing-files/future-search.png', 1000)],
    ['missing', '/demo/sdk-testing-files/future-search.png?tr=w-70'],
  ])('refuses a %s signature with 403 before the transform function sees it', async (_case, path) => {
    const before = renders();
    const { response } = await viaCdn(path);
    expect(response.status).toBe(403);
    expect(response.headers.get('x-imgfront-error')).toBe('ESIGNATURE');
    expect(renders()).toBe(before);
  });

  it('serves two valid signatures of one image from one render: the second is a cache hit', async () => {
    const now = Math.floor(Date.now() / 1000);
    const before = renders();
    const first = await viaCdn(imagekitSigned('tr:w-90/sdk-testing-files/future-search.png', now + 3600));
    const second = await viaCdn(imagekitSigned('tr:w-90/sdk-testing-files/future-search.png', now + 7200));
    expect([first.response.status, second.response.status]).toEqual([200, 200]);
    expect((await sharp(second.body).metadata()).width).toBe(90);
    expect(second.response.headers.get('x-cache')).toMatch(/^Hit/);
    expect(renders()).toBe(before + 1);
  });
});
