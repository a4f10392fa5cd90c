import { buildSrc, getResponsiveImageAttributes } from '@imagekit/javascript';
import { ImageKit } from '@imagekit/nodejs';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { colourAt, quadrantImage } from '../support/images';
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
 * URLs built by ImageKit's own SDKs (@imagekit/javascript `buildSrc`, @imagekit/nodejs
 * `helper.buildSrc` with the private key), pointed at the test stack by `urlEndpoint`.
 */
const PRIVATE_KEY = 'private_key_for_tests';
const WEBP = { accept: 'image/webp,*/*' };

let stack: TestStack & { dispose(): Promise<void> };
let client: ImageKit;
const endpointUrl = (id: string) => `${stack.url}/${id}`;

beforeAll(async () => {
  stack = await startTestStack({
    secrets: { 'ssm:/imgfront/ik-sdk': PRIVATE_KEY, 'ssm:/imgfront/ik-dummy': 'dummy-key' },
  });
  client = new ImageKit({ privateKey: PRIVATE_KEY });
  // 400x200: red top left, green top right, blue bottom left, yellow bottom right.
  await putObject(
    stack,
    DEMO_BUCKET,
    'iks/wide.jpg',
    await quadrantImage({ width: 400, height: 200, format: 'jpeg' }),
  );
  await putObject(
    stack,
    DEMO_BUCKET,
    'iks/sdk-testing-files/future-search.png',
    await quadrantImage({ width: 600, height: 400 }),
  );
  await putObject(
    stack,
    DEMO_BUCKET,
    'iks/my folder/my photo é.jpg',
    await quadrantImage({ width: 40, height: 20 }),
  );
  const origins = [{ type: 's3' as const, bucket: DEMO_BUCKET, prefix: 'iks' }];
  await stack.putEndpoint({ id: 'ik', origins });
  await stack.putEndpoint({
    id: 'iksigned',
    origins,
    settings: {
      signing: { required: true, scheme: 'imagekit', keys: [{ source: 'ssm', name: '/imgfront/ik-sdk' }] },
    },
  });
  // ImageKit's vectors name the endpoint `demo` (urlEndpoint https://ik.imagekit.io/demo/).
  await stack.putEndpoint({
    id: 'demo',
    origins,
    settings: {
      signing: { required: true, scheme: 'imagekit', keys: [{ source: 'ssm', name: '/imgfront/ik-dummy' }] },
    },
  });
});

afterAll(() => stack.dispose());

/** Builds with the SDK while the clock reads `epochMs` (to sign a URL that has already expired). */
function builtAt<T>(epochMs: number, build: () => T): T {
  const clock = jest.spyOn(Date.prototype, 'getTime').mockReturnValue(epochMs);
  try {
    return build();
  } finally {
    clock.mockRestore();
  }
}

describe('@imagekit/javascript buildSrc', () => {
  it('renders a fill crop focused left, and the query and path forms are one spec', async () => {
    const transformation = [{ width: 100, height: 100, crop: 'maintain_ratio' as const, focus: 'left' }];
    const query = buildSrc({ urlEndpoint: endpointUrl('ik'), src: '/wide.jpg', transformation });
    const path = buildSrc({
      urlEndpoint: endpointUrl('ik'),
      src: '/wide.jpg',
      transformation,
      transformationPosition: 'path',
    });
    expect([targetOf(query), targetOf(path)]).toEqual([
      '/ik/wide.jpg?tr=w-100,h-100,c-maintain_ratio,fo-left',
      '/ik/tr:w-100,h-100,c-maintain_ratio,fo-left/wide.jpg',
    ]);
    const image = await expectSameAsTwin(stack, targetOf(query), targetOf(path), WEBP);
    // 400x200 covers 100x100 at 200x100; focus left keeps x 0-100 of it: red above, blue below.
    expect([image.width, image.height, image.format]).toEqual([100, 100, 'webp']);
    expect([await colourAt(image.body, 90, 25), await colourAt(image.body, 90, 75)]).toEqual(['red', 'blue']);
  });

  it('chains transformations (rotate, then resize) and forces the format', async () => {
    const url = buildSrc({
      urlEndpoint: endpointUrl('ik'),
      src: 'wide.jpg',
      transformation: [{ rotation: 90 }, { width: 50, format: 'png' }],
    });
    expect(targetOf(url)).toBe('/ik/wide.jpg?tr=rt-90:w-50,f-png');
    const image = await seenImage(stack, targetOf(url));
    expect([image.width, image.height, image.format]).toEqual([50, 100, 'png']);
    // Clockwise: the red top-left quadrant moves to the top right.
    expect(await colourAt(image.body, 40, 10)).toBe('red');
  });

  it('serves every entry of a getResponsiveImageAttributes srcset, never enlarging, in the format asked', async () => {
    const { srcSet } = getResponsiveImageAttributes({
      urlEndpoint: endpointUrl('ik'),
      src: '/wide.jpg',
      sizes: '50vw',
      transformation: [{ format: 'png' }],
      deviceBreakpoints: [320, 640],
    });
    const entries = (srcSet ?? '').split(', ').map((entry) => entry.split(' '));
    expect(entries.map(([, descriptor]) => descriptor)).toEqual(['256w', '320w', '384w', '640w']);
    for (const [url = '', descriptor = ''] of entries) {
      const image = await seenImage(stack, targetOf(url), WEBP);
      expect([image.width, image.format]).toEqual([Math.min(parseInt(descriptor, 10), 400), 'png']);
    }
  });

  it('builds the same URL as @imagekit/nodejs for an unsigned request', () => {
    const options = { urlEndpoint: endpointUrl('ik'), src: '/wide.jpg', transformation: [{ width: 30 }] };
    expect(buildSrc({ ...options })).toBe(client.helper.buildSrc({ ...options }));
  });
});

describe('@imagekit/nodejs helper.buildSrc, signed with the private key', () => {
  const signed = (options: { expiresIn?: number; transformationPosition?: 'path' | 'query' } = {}) =>
    targetOf(
      client.helper.buildSrc({
        urlEndpoint: endpointUrl('iksigned'),
        src: '/wide.jpg',
        transformation: [{ width: 80, height: 40, cropMode: 'pad_resize', background: '0000FF' }],
        signed: true,
        ...options,
      }),
    );

  it.each([['query' as const], ['path' as const]])(
    'verifies a signed URL with the transformation in the %s, parsed as its unsigned twin',
    async (transformationPosition) => {
      const image = await expectSameAsTwin(
        stack,
        signed({ transformationPosition }),
        '/ik/tr:w-80,h-40,cm-pad_resize,bg-0000FF/wide.jpg',
      );
      expect([image.width, image.height, image.format]).toEqual([80, 40, 'jpeg']);
    },
  );

  it('verifies a signed URL to a file named with spaces and non-ASCII letters, as the SDK encodes it', async () => {
    const path = targetOf(
      client.helper.buildSrc({
        urlEndpoint: endpointUrl('iksigned'),
        src: '/my folder/my photo é.jpg',
        transformation: [{ width: 20 }],
        signed: true,
      }),
    );
    expect(path).toMatch(/^\/iksigned\/my%20folder\/my%20photo%20%C3%A9\.jpg\?tr=w-20&ik-s=/);
    const image = await expectSameAsTwin(stack, path, '/ik/tr:w-20/my%20folder/my%20photo%20%C3%A9.jpg');
    expect([image.width, image.height]).toEqual([20, 10]);
  });

  it('verifies an expiresIn URL and caches it no longer than it stays valid', async () => {
    const path = signed({ expiresIn: 300 });
    expect(path).toMatch(/[?&]ik-t=\d+&ik-s=[0-9a-f]{40}$/);
    const image = await seenImage(stack, path);
    expect(image.width).toBe(80);
    const maxAge = Number(/max-age=(\d+)/.exec(image.headers.get('cache-control') ?? '')?.[1]);
    expect(maxAge).toBeLessThanOrEqual(300);
  });

  it("reproduces ImageKit's published vector (the SDK's own test), which the stack verifies", async () => {
    // tests/custom-tests/url-generation/signing.test.ts in @imagekit/nodejs: key `dummy-key`.
    const vector = new ImageKit({ privateKey: 'dummy-key' }).helper.buildSrc({
      urlEndpoint: 'https://ik.imagekit.io/demo/',
      src: 'sdk-testing-files/future-search.png',
      transformation: [{ width: 300, height: 200 }],
      transformationPosition: 'path',
      queryParameters: { version: '2.0' },
      signed: true,
    });
    expect(vector).toBe(
      'https://ik.imagekit.io/demo/tr:w-300,h-200/sdk-testing-files/future-search.png?version=2.0&ik-s=dd1ee8f83d019bc59fd57a5fc4674a11eb8a3496',
    );
    const image = await seenImage(stack, targetOf(vector));
    expect([image.width, image.height]).toEqual([300, 200]);
  });

  it('verifies SDK-signed URLs (expiresIn too) through the CDN stand-in (viewer function, cache key)', async () => {
    for (const path of [signed(), signed({ expiresIn: 300 })])
      expect(await viaCdn(stack, path)).toMatchObject({ status: 200, errorCode: null, width: 80 });
  });

  it.each([
    ['tampered (one parameter changed)', () => signed().replace('w-80', 'w-81'), NOT_VALID],
    [
      'tampered in the path form',
      () => signed({ transformationPosition: 'path' }).replace('h-40', 'h-41'),
      NOT_VALID,
    ],
    [
      'expired (signed with expiresIn an hour ago)',
      () => builtAt(Date.now() - 3_600_000, () => signed({ expiresIn: 60 })),
      EXPIRED,
    ],
    [
      'with its expiry extended',
      () => signed({ expiresIn: 60 }).replace(/ik-t=(\d+)/, (_all, at: string) => `ik-t=${Number(at) + 1}`),
      NOT_VALID,
    ],
    ['unsigned', () => signed().replace(/[?&]ik-s=.*$/, ''), MUST_BE_SIGNED],
  ])('refuses a URL that is %s with 401 ESIGNATURE', async (_case, build, message) => {
    expect(await refusal(stack, build())).toEqual([401, 'ESIGNATURE', message]);
  });
});
