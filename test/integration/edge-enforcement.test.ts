import { createHash, createHmac } from 'node:crypto';
import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { hmacSigner } from '../../shared/signing/url-signature';
import { buildUrl } from '../../shared/url/build-url';
import { solidImage, RED } from '../support/images';
import { startTestStack, type TestStack } from '../support/stack';

const KEY = 'edge-signing-key';
const NOW = Math.floor(Date.now() / 1000);
let stack: TestStack & { dispose(): Promise<void> };

/** Through the CloudFront stand-in, as a browser asks. */
async function viaCdn(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${stack.cdnUrl}${path}`, { headers });
  return {
    status: response.status,
    headers: response.headers,
    body: Buffer.from(await response.arrayBuffer()),
  };
}

/** How many requests the transform function has handled so far (one request log line each). */
const renders = () => stack.logs.length;

/** The path and query `buildUrl` writes for a signed URL of the test image. */
function signedPath(transformations: string, expiresAt?: number, key = KEY): string {
  const signing = hmacSigner(key, expiresAt);
  const url = new URL(
    buildUrl({
      baseUrl: 'http://cdn.invalid',
      endpoint: 'signed',
      path: 'photo.png',
      transformations,
      signing,
    }),
  );
  return `${url.pathname}${url.search}`;
}

const OLD_KEY = 'edge-old-key';
/** imgix's secure URL: MD5 hex of the token, the path and the query as sent. */
const imgixSigned = (pathAndQuery: string, key = KEY) =>
  `${pathAndQuery}${pathAndQuery.includes('?') ? '&' : '?'}s=${createHash('md5').update(`${key}${pathAndQuery}`).digest('hex')}`;
/** Thumbor's `/<signature>/<rest>`: URL-safe base64 HMAC-SHA1 of the rest. */
const thumborSigned = (endpoint: string, rest: string, key = KEY) =>
  `/${endpoint}/${createHmac('sha1', key).update(rest).digest('base64').replace(/\+/g, '-').replace(/\//g, '_')}/${rest}`;

beforeAll(async () => {
  stack = await startTestStack({
    secrets: { 'ssm:/imgfront/edge-key': KEY, 'ssm:/imgfront/edge-old-key': OLD_KEY },
  });
  await putObject(stack, DEMO_BUCKET, 'edge/photo.png', await solidImage(800, 400, RED), 'image/png');
  const origins = [{ type: 's3' as const, bucket: DEMO_BUCKET, prefix: 'edge' }];
  await stack.putEndpoint({
    id: 'signed',
    origins,
    settings: { signing: { required: true, keys: [{ source: 'ssm', name: '/imgfront/edge-key' }] } },
  });
  // Two active keys, as during a rotation: each signs the same URL differently.
  const rotating = [
    { source: 'ssm' as const, name: '/imgfront/edge-key' },
    { source: 'ssm' as const, name: '/imgfront/edge-old-key' },
  ];
  for (const dialect of ['imgix', 'thumbor'] as const)
    await stack.putEndpoint({
      id: `${dialect}-signed`,
      origins,
      settings: { dialect, signing: { required: true, keys: rotating } },
    });
  await stack.putEndpoint({ id: 'widths', origins, settings: { allowedWidths: [100, 200, 400] } });
  await stack.putEndpoint({
    id: 'strict',
    origins,
    settings: { allowedWidths: [100, 200, 400], widthPolicy: 'reject', allowedParameters: ['w', 'f'] },
  });
  await stack.putEndpoint({
    id: 'named',
    origins,
    settings: { namedOnly: true, namedTransformations: { thumb: 'w-100' } },
  });
  await stack.putEndpoint({ id: 'budget', origins, settings: { maxVariantsPerOriginal: 2 } });
});

afterAll(() => stack.dispose());

describe('signatures verified at the edge', () => {
  it.each([
    ['missing', () => '/signed/photo.png?tr=w-100', 'This URL must be signed'],
    ['forged', () => signedPath('w-100', undefined, 'not-the-key'), 'The URL signature is not valid'],
    ['expired', () => signedPath('w-100', NOW - 60), 'This signed URL has expired'],
    [
      'valid for another transformation',
      () => signedPath('w-100').replace('tr=w-100', 'tr=w-200'),
      'The URL signature is not valid',
    ],
  ])(
    'refuses a %s signature with 403 before the transform function sees it',
    async (_name, path, message) => {
      const before = renders();
      const response = await viaCdn(path());
      expect(response.status).toBe(403);
      expect(response.headers.get('x-imgfront-error')).toBe('ESIGNATURE');
      expect(response.headers.get('server-timing')).not.toBeNull();
      expect(response.body.toString()).toBe(message);
      expect(renders()).toBe(before);
    },
  );

  it('serves two valid signatures of one image from one render: the second is a cache hit', async () => {
    const before = renders();
    const first = await viaCdn(signedPath('w-300', NOW + 3600));
    const second = await viaCdn(signedPath('w-300', NOW + 7200));
    expect([first.status, second.status]).toEqual([200, 200]);
    expect((await sharp(second.body).metadata()).width).toBe(300);
    expect(second.headers.get('x-cache')).toMatch(/^Hit/);
    expect(renders()).toBe(before + 1);
  });

  it('ignores an x-imgfront-edge header a viewer sends: the signature is still required', async () => {
    const response = await viaCdn('/signed/photo.png?tr=w-120', { 'x-imgfront-edge': 'signed' });
    expect(response.status).toBe(403);
  });
});

describe("imgix's and Thumbor's signatures verified at the edge", () => {
  it.each([
    [
      'imgix, forged',
      () => imgixSigned('/imgix-signed/photo.png?w=100', 'not-the-key'),
      'The URL signature is not valid',
    ],
    ['imgix, missing', () => '/imgix-signed/photo.png?w=100', 'This URL must be signed'],
    [
      'imgix, expired',
      () => imgixSigned(`/imgix-signed/photo.png?w=100&expires=${NOW - 60}`),
      'This signed URL has expired',
    ],
    [
      'imgix, for another width',
      () => imgixSigned('/imgix-signed/photo.png?w=100').replace('w=100', 'w=101'),
      'The URL signature is not valid',
    ],
    [
      'Thumbor, forged',
      () => thumborSigned('thumbor-signed', '100x0/photo.png', 'not-the-key'),
      'The URL signature is not valid',
    ],
    ['Thumbor, unsafe', () => '/thumbor-signed/unsafe/100x0/photo.png', 'This URL must be signed'],
    [
      'Thumbor, for another size',
      () => thumborSigned('thumbor-signed', '100x0/photo.png').replace('/100x0/', '/101x0/'),
      'The URL signature is not valid',
    ],
  ])('refuses %s with 403 before the transform function sees it', async (_name, path, message) => {
    const before = renders();
    const response = await viaCdn(path());
    expect(response.status).toBe(403);
    expect(response.headers.get('x-imgfront-error')).toBe('ESIGNATURE');
    expect(response.body.toString()).toBe(message);
    expect(renders()).toBe(before);
  });

  it.each([
    ['imgix', (key: string) => imgixSigned('/imgix-signed/photo.png?w=140', key)],
    ['Thumbor', (key: string) => thumborSigned('thumbor-signed', '140x0/photo.png', key)],
  ])(
    'serves %s URLs signed by two keys from one render: the second is a cache hit',
    async (_name, signed) => {
      const before = renders();
      const first = await viaCdn(signed(KEY));
      const second = await viaCdn(signed(OLD_KEY));
      expect([first.status, second.status]).toEqual([200, 200]);
      expect((await sharp(second.body).metadata()).width).toBe(140);
      expect(second.headers.get('x-cache')).toMatch(/^Hit/);
      expect(renders()).toBe(before + 1);
    },
  );

  it('serves an unexpired imgix URL and shares its entry with another expiry', async () => {
    const before = renders();
    const first = await viaCdn(imgixSigned(`/imgix-signed/photo.png?w=150&expires=${NOW + 3600}`));
    const second = await viaCdn(imgixSigned(`/imgix-signed/photo.png?w=150&expires=${NOW + 7200}`));
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.headers.get('x-cache')).toMatch(/^Hit/);
    expect(renders()).toBe(before + 1);
  });
});

describe('allowed widths and parameters at the edge', () => {
  it('serves w-150 and w-190 under allowed widths [100, 200, 400] from one 200 px entry', async () => {
    const before = renders();
    const first = await viaCdn('/widths/tr:w-150/photo.png');
    const second = await viaCdn('/widths/photo.png?tr=w-190');
    expect((await sharp(first.body).metadata()).width).toBe(200);
    expect((await sharp(second.body).metadata()).width).toBe(200);
    expect(second.headers.get('x-cache')).toMatch(/^Hit/);
    expect(renders()).toBe(before + 1);
  });

  it.each([
    [
      'a width between allowed ones under widthPolicy reject',
      '/strict/tr:w-150/photo.png',
      'ELIMIT',
      'allowed widths: 100, 200, 400',
    ],
    [
      'a parameter outside allowedParameters',
      '/strict/tr:w-200,bl-5/photo.png',
      'EINVALID',
      'Parameter "bl" is not allowed',
    ],
    [
      'a transformation that is not named under namedOnly',
      '/named/tr:w-100/photo.png',
      'EINVALID',
      'only named transformations',
    ],
  ])('refuses %s with 400 at the edge', async (_name, path, code, message) => {
    const before = renders();
    const response = await viaCdn(path);
    expect(response.status).toBe(400);
    expect(response.headers.get('x-imgfront-error')).toBe(code);
    expect(response.body.toString()).toContain(message);
    expect(renders()).toBe(before);
  });

  it('passes what the rules allow', async () => {
    expect((await viaCdn('/strict/tr:w-400,f-png/photo.png')).status).toBe(200);
    const named = await viaCdn('/named/tr:n-thumb/photo.png');
    expect((await sharp(named.body).metadata()).width).toBe(100);
  });
});

describe('derivative budget', () => {
  it('refuses the variant past maxVariantsPerOriginal with 400 ELIMIT, and still renders counted ones', async () => {
    expect((await viaCdn('/budget/tr:w-100/photo.png')).status).toBe(200);
    expect((await viaCdn('/budget/tr:w-110/photo.png')).status).toBe(200);
    const refused = await viaCdn('/budget/tr:w-120/photo.png');
    expect(refused.status).toBe(400);
    expect(refused.headers.get('x-imgfront-error')).toBe('ELIMIT');
    expect(refused.headers.get('server-timing')).not.toBeNull();
    expect(refused.body.toString()).toContain('already has 2 different transformations today');
    expect(stack.logs.at(-1)).toMatchObject({ endpoint: 'budget', status: 400, variantBudgetHit: true });
    // Past the cache (the function URL itself): a variant counted today renders again.
    const again = await stack.get('/budget/tr:w-110/photo.png');
    expect(again.status).toBe(200);
    expect((await sharp(again.body).metadata()).width).toBe(110);
    // Another original has its own budget.
    expect((await viaCdn('/budget/tr:w-120/other.png')).status).not.toBe(400);
  });
});
