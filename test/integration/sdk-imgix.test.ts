import ImgixClient from '@imgix/js-core';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { colourAt, quadrantImage, solidImage, RED } from '../support/images';
import { startTestStack, type TestStack } from '../support/stack';
import {
  EXPIRED,
  expectSameAsTwin,
  MUST_BE_SIGNED,
  NOT_VALID,
  refusal,
  seenImage,
  targetOf,
  viaCdn,
} from '../support/twins';

/**
 * URLs built by imgix's own SDK (@imgix/js-core `buildURL`, `buildSrcSet`, `secureURLToken`). The SDK
 * is given the CDN's domain (it accepts no port); the endpoint id is the first path segment.
 */
const TOKEN = 'FOO123bar';
const DOMAIN = 'img.example.com';
const WEBP = { accept: 'image/webp,*/*' };

let stack: TestStack & { dispose(): Promise<void> };
const imgix = new ImgixClient({ domain: DOMAIN });
const secure = new ImgixClient({ domain: DOMAIN, secureURLToken: TOKEN });
const built = (client: ImgixClient, path: string, params: Record<string, string | number>) =>
  targetOf(client.buildURL(path, params));
/** The URLs of a `srcset` attribute, in order. */
const srcsetTargets = (srcset: string) =>
  srcset.split(',').map((entry) => targetOf(entry.trim().split(' ')[0] ?? ''));

beforeAll(async () => {
  stack = await startTestStack({ secrets: { 'ssm:/imgfront/imgix-sdk': TOKEN } });
  // 400x200: red top left, green top right, blue bottom left, yellow bottom right.
  await putObject(
    stack,
    DEMO_BUCKET,
    'ixs/wide.jpg',
    await quadrantImage({ width: 400, height: 200, format: 'jpeg' }),
  );
  await putObject(stack, DEMO_BUCKET, 'ixs/small.png', await solidImage(100, 50, RED));
  await putObject(stack, DEMO_BUCKET, 'ixs/users/1.png', await solidImage(60, 40, RED));
  await putObject(
    stack,
    DEMO_BUCKET,
    'ixs/my folder/my photo+é.jpg',
    await quadrantImage({ width: 40, height: 20 }),
  );
  const origins = [{ type: 's3' as const, bucket: DEMO_BUCKET, prefix: 'ixs' }];
  await stack.putEndpoint({ id: 'ik', origins });
  await stack.putEndpoint({ id: 'ix', origins, settings: { dialect: 'imgix' } });
  // imgix's published vector signs `/users/1.png` on the domain's root: the default endpoint.
  await stack.putEndpoint({
    id: 'ixsigned',
    isDefault: true,
    origins,
    settings: {
      dialect: 'imgix',
      signing: { required: true, keys: [{ source: 'ssm', name: '/imgfront/imgix-sdk' }] },
    },
  });
});

afterAll(() => stack.dispose());

describe('@imgix/js-core buildURL on an imgix endpoint', () => {
  it('fits inside w x h by default (fit=clip), in the source format, as its ImageKit twin', async () => {
    const path = built(imgix, '/ix/wide.jpg', { w: 100, h: 100 });
    expect(path).toBe('/ix/wide.jpg?ixlib=js-3.8.0&w=100&h=100');
    const image = await expectSameAsTwin(
      stack,
      path,
      '/ik/tr:w-100,h-100,c-at_max_enlarge,f-orig/wide.jpg',
      WEBP,
    );
    expect([image.width, image.height, image.format]).toEqual([100, 50, 'jpeg']);
  });

  it('crops with fit=crop anchored by crop=top,left (the SDK encodes the comma)', async () => {
    const path = built(imgix, '/ix/wide.jpg', { w: 100, h: 100, fit: 'crop', crop: 'top,left' });
    expect(path).toContain('crop=top%2Cleft');
    const image = await expectSameAsTwin(
      stack,
      path,
      '/ik/tr:w-100,h-100,c-maintain_ratio,fo-top_left,f-orig/wide.jpg',
    );
    expect([image.width, image.height]).toEqual([100, 100]);
    expect([await colourAt(image.body, 90, 25), await colourAt(image.body, 90, 75)]).toEqual(['red', 'blue']);
  });

  it('pads with fit=fill and fill-color, and negotiates only with auto=format', async () => {
    const padded = await expectSameAsTwin(
      stack,
      built(imgix, '/ix/small.png', { w: 100, h: 100, fit: 'fill', 'fill-color': '0000FF', auto: 'format' }),
      '/ik/tr:w-100,h-100,cm-pad_resize,bg-0000FF,f-auto/small.png',
      WEBP,
    );
    expect([padded.width, padded.height, padded.format]).toEqual([100, 100, 'webp']);
    expect([await colourAt(padded.body, 50, 5), await colourAt(padded.body, 50, 50)]).toEqual([
      'blue',
      'red',
    ]);
  });

  it('serves every DPR entry of a buildSrcSet, with its variable quality', async () => {
    const targets = srcsetTargets(imgix.buildSrcSet('/ix/wide.jpg', { w: 100 }));
    expect(targets).toHaveLength(5);
    for (const [index, path] of targets.entries()) {
      const dpr = index + 1;
      const q = /[?&]q=(\d+)/.exec(path)?.[1];
      const image = await expectSameAsTwin(
        stack,
        path,
        `/ik/tr:w-100,dpr-${dpr},q-${q},c-at_max_enlarge,f-orig/wide.jpg`,
      );
      expect([image.width, image.height]).toEqual([100 * dpr, 50 * dpr]);
    }
  });

  it('serves every width entry of a buildSrcSet with fit=crop and ar', async () => {
    const targets = srcsetTargets(
      imgix.buildSrcSet('/ix/wide.jpg', { fit: 'crop', ar: '1:1' }, { widths: [40, 80] }),
    );
    for (const [index, width] of [40, 80].entries()) {
      const image = await expectSameAsTwin(
        stack,
        targets[index] ?? '',
        `/ik/tr:w-${width},ar-1-1,c-maintain_ratio,f-orig/wide.jpg`,
      );
      expect([image.width, image.height]).toEqual([width, width]);
    }
  });
});

describe('@imgix/js-core secureURLToken on the imgix signing scheme', () => {
  it("reproduces imgix's published vector, which the stack verifies on the default endpoint", async () => {
    const vector = new ImgixClient({ domain: DOMAIN, secureURLToken: TOKEN, includeLibraryParam: false });
    const path = targetOf(vector.buildURL('/users/1.png'));
    expect(path).toBe('/users/1.png?s=6797c24146142d5b40bde3141fd3600c');
    expect(await seenImage(stack, path)).toMatchObject({ width: 60, height: 40 });
  });

  it('verifies a signed URL with the endpoint in its path, parsed as its unsigned twin', async () => {
    const image = await expectSameAsTwin(
      stack,
      built(secure, '/ixsigned/wide.jpg', { w: 50, fm: 'png' }),
      '/ik/tr:w-50,c-at_max_enlarge,f-png/wide.jpg',
    );
    expect([image.width, image.height, image.format]).toEqual([50, 25, 'png']);
  });

  it('verifies a signed URL to a file named with spaces, "+" and non-ASCII letters, as the SDK encodes it', async () => {
    const path = built(secure, '/ixsigned/my folder/my photo+é.jpg', { w: 20 });
    expect(path).toMatch(
      /^\/ixsigned\/my%20folder\/my%20photo%2B%C3%A9\.jpg\?ixlib=[^&]+&w=20&s=[0-9a-f]{32}$/,
    );
    const image = await expectSameAsTwin(
      stack,
      path,
      '/ik/tr:w-20,c-at_max_enlarge,f-orig/my%20folder/my%20photo%2B%C3%A9.jpg',
    );
    expect([image.width, image.height]).toEqual([20, 10]);
  });

  it('verifies an unexpired expires= URL and caches it no longer than it stays valid', async () => {
    const expires = Math.floor(Date.now() / 1000) + 300;
    const image = await seenImage(stack, built(secure, '/wide.jpg', { w: 40, expires }));
    expect(image.width).toBe(40);
    expect(Number(/max-age=(\d+)/.exec(image.headers.get('cache-control') ?? '')?.[1])).toBeLessThanOrEqual(
      300,
    );
  });

  it('verifies SDK-signed URLs through the CDN stand-in (viewer function, cache key) and caches them', async () => {
    expect(await viaCdn(stack, built(secure, '/wide.jpg', { w: 30, fm: 'webp' }))).toEqual({
      status: 200,
      errorCode: null,
      width: 30,
      cache: 'Hit from imgfront-local',
    });
  });

  it.each([
    [
      'tampered (one parameter changed)',
      () => built(secure, '/wide.jpg', { w: 40 }).replace('w=40', 'w=41'),
      NOT_VALID,
    ],
    ['for another file', () => built(secure, '/wide.jpg', { w: 40 }).replace('wide', 'small'), NOT_VALID],
    ['expired (expires in the past)', () => built(secure, '/wide.jpg', { w: 40, expires: 1000 }), EXPIRED],
    [
      'with its expiry moved',
      () =>
        built(secure, '/wide.jpg', { w: 40, expires: 1000 }).replace('expires=1000', 'expires=9999999999'),
      NOT_VALID,
    ],
    ['unsigned', () => built(imgix, '/wide.jpg', { w: 40 }), MUST_BE_SIGNED],
  ])('refuses a URL that is %s with 401 ESIGNATURE', async (_case, build, message) => {
    expect(await refusal(stack, build())).toEqual([401, 'ESIGNATURE', message]);
  });
});
