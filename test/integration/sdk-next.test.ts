import { getImgProps } from 'next/dist/shared/lib/get-img-props';
import { startRemoteImageServer } from '../support/remote-image-server';
import { prepareImageConfig } from 'next/dist/shared/lib/image-config';
import defaultLoader from 'next/dist/shared/lib/image-loader';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { colourAt, quadrantImage, solidImage, BLUE } from '../support/images';
import { startTestStack, type TestStack } from '../support/stack';
import { expectSameAsTwin, seenImage, viaCdn } from '../support/twins';

/**
 * URLs written by Next.js itself: its default image loader (`next/dist/shared/lib/image-loader`) and
 * the `<img>` props `next/image` renders (`getImgProps`), with Next 16's default image config. They are
 * relative (`/_next/image?url=…&w=…&q=…`), so they go to the deployment's default endpoint as they are.
 */
const WEBP = { accept: 'image/webp,*/*' };

let stack: TestStack & { dispose(): Promise<void> };
let web: Awaited<ReturnType<typeof startRemoteImageServer>>;
let webHost: string;
const config = prepareImageConfig(undefined);
const loaded = (src: string, width: number, quality?: number) =>
  defaultLoader({ config, src, width, quality });
/** The URLs of a `srcset` attribute with their descriptors. */
const srcset = (value: string | undefined) =>
  (value ?? '').split(', ').map((entry) => {
    const [url = '', descriptor = ''] = entry.split(' ');
    return { url, descriptor };
  });

beforeAll(async () => {
  const remote = await solidImage(300, 150, BLUE);
  web = await startRemoteImageServer('/remote/photo.png', remote);
  webHost = web.host;
  stack = await startTestStack();
  // 400x200: red top left, green top right, blue bottom left, yellow bottom right.
  await putObject(
    stack,
    DEMO_BUCKET,
    'nx/uploads/wide.jpg',
    await quadrantImage({ width: 400, height: 200, format: 'jpeg' }),
  );
  await stack.putEndpoint({
    id: 'site',
    isDefault: true,
    origins: [
      { type: 's3', bucket: DEMO_BUCKET, prefix: 'nx' },
      { type: 'webProxy', allowedHosts: [webHost] },
    ],
  });
});

afterAll(async () => {
  await stack.dispose();
  await web.close();
});

describe("Next.js's default image loader", () => {
  it('writes /_next/image URLs the default endpoint serves as their ImageKit twin', async () => {
    const path = loaded('/uploads/wide.jpg', 128, 75);
    expect(path).toBe('/_next/image?url=%2Fuploads%2Fwide.jpg&w=128&q=75');
    const image = await expectSameAsTwin(
      stack,
      path,
      '/site/tr:w-128,c-at_max,q-75,f-auto/uploads/wide.jpg',
      WEBP,
    );
    expect([image.width, image.height, image.format]).toEqual([128, 64, 'webp']);
    expect([await colourAt(image.body, 10, 10), await colourAt(image.body, 118, 54)]).toEqual([
      'red',
      'yellow',
    ]);
  });

  it("answers a browser that accepts AVIF with WebP, as Next's optimizer does with its default formats", async () => {
    const path = loaded('/uploads/wide.jpg', 64, 75);
    const image = await seenImage(stack, path, { accept: 'image/avif,image/webp,*/*' });
    expect(image.format).toBe('webp');
    expect(image.headers.get('vary')).toContain('Accept');
    // The same endpoint's own URLs keep AVIF (settings.avif); only the Next route follows next.formats.
    const own = await seenImage(stack, '/site/tr:w-64,c-at_max,q-75,f-auto/uploads/wide.jpg', {
      accept: 'image/avif,image/webp,*/*',
    });
    expect(own.format).toBe('heif');
  });

  it('serves loader URLs through the CDN stand-in (viewer function, cache key), and caches them', async () => {
    expect(await viaCdn(stack, loaded('/uploads/wide.jpg', 96, 75), { accept: 'image/webp,*/*' })).toEqual({
      status: 200,
      errorCode: null,
      width: 96,
      cache: 'Hit from imgfront-local',
    });
  });

  it('snaps the quality to the allowed list (75 by default), which the endpoint allows', async () => {
    expect(loaded('/uploads/wide.jpg', 64, 90)).toBe('/_next/image?url=%2Fuploads%2Fwide.jpg&w=64&q=75');
    expect((await seenImage(stack, loaded('/uploads/wide.jpg', 64), WEBP)).width).toBe(64);
  });

  it("refuses a local src with a query as Next 16 does by default (images.localPatterns), in Next's words", async () => {
    const path = loaded('/uploads/wide.jpg?v=2', 64, 75);
    expect(path).toBe('/_next/image?url=%2Fuploads%2Fwide.jpg%3Fv%3D2&w=64&q=75');
    const response = await stack.get(path);
    expect([
      response.status,
      response.headers.get('x-imgfront-error'),
      response.body.toString().trim(),
    ]).toEqual([400, 'EINVALID', '"url" parameter is not allowed']);
  });

  it('loads a remote src through the web-proxy allow-list (remotePatterns)', async () => {
    const image = await seenImage(stack, loaded(`http://${webHost}/remote/photo.png`, 96), { accept: '*/*' });
    expect([image.width, image.height, image.format, await colourAt(image.body, 5, 5)]).toEqual([
      96,
      48,
      'png',
      'blue',
    ]);
  });

  it('serves the dpl= deployment id the loader adds when NEXT_DEPLOYMENT_ID is set, as the same image', async () => {
    const previous = process.env.NEXT_DEPLOYMENT_ID;
    process.env.NEXT_DEPLOYMENT_ID = 'dpl_test123';
    let path = '';
    try {
      await jest.isolateModulesAsync(async () => {
        const { default: loader } = await import('next/dist/shared/lib/image-loader');
        path = loader({ config, src: '/uploads/wide.jpg', width: 48, quality: 75 });
      });
    } finally {
      if (previous === undefined) delete process.env.NEXT_DEPLOYMENT_ID;
      else process.env.NEXT_DEPLOYMENT_ID = previous;
    }
    expect(path).toBe('/_next/image?url=%2Fuploads%2Fwide.jpg&w=48&q=75&dpl=dpl_test123');
    await expectSameAsTwin(stack, path, '/site/tr:w-48,c-at_max,q-75,f-auto/uploads/wide.jpg', WEBP);
  });
});

describe("next/image's <img> props (getImgProps)", () => {
  it('serves both entries of a fixed-size srcset (1x, 2x) and its src', async () => {
    const { props } = getImgProps(
      { src: '/uploads/wide.jpg', width: 100, height: 50, alt: '' },
      { defaultLoader, imgConf: config },
    );
    const entries = srcset(props.srcSet);
    expect(entries.map((entry) => entry.descriptor)).toEqual(['1x', '2x']);
    expect(props.src).toBe(entries[1]?.url);
    for (const [index, width] of [128, 256].entries()) {
      const image = await expectSameAsTwin(
        stack,
        entries[index]?.url ?? '',
        `/site/tr:w-${width},c-at_max,q-75,f-auto/uploads/wide.jpg`,
        WEBP,
      );
      expect([image.width, image.height]).toEqual([width, width / 2]);
    }
  });

  it('serves every width of a fill + sizes srcset, never enlarging past the original', async () => {
    const { props } = getImgProps(
      { src: '/uploads/wide.jpg', fill: true, sizes: '50vw', alt: '' },
      { defaultLoader, imgConf: config },
    );
    const entries = srcset(props.srcSet);
    expect(entries.map((entry) => entry.descriptor)).toEqual(
      [384, 640, 750, 828, 1080, 1200, 1920, 2048, 3840].map((width) => `${width}w`),
    );
    for (const { url, descriptor } of entries) {
      const width = parseInt(descriptor, 10);
      const image = await expectSameAsTwin(
        stack,
        url,
        `/site/tr:w-${width},c-at_max,q-75,f-auto/uploads/wide.jpg`,
        WEBP,
      );
      expect(image.width).toBe(Math.min(width, 400));
    }
  });
});
