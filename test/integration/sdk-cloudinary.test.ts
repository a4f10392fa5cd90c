import {
  v2 as cloudinary,
  type ConfigOptions,
  type ImageTransformationOptions,
  type UrlOptions as CloudinaryUrlOptions,
} from 'cloudinary';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { colourAt, pixelAt, quadrantImage, solidImage, BLUE, RED } from '../support/images';
import { startTestStack, type TestStack } from '../support/stack';
import { expectSameAsTwin, NOT_VALID, refusal, seenImage, targetOf, viaCdn } from '../support/twins';

/**
 * URLs built by Cloudinary's Node SDK (`cloudinary.v2.url`), pointed at imgfront with
 * `secure_distribution: '<cdn host>/<endpoint>'`: the SDK adds the cloud name, as on its shared domain.
 * The SDK appends its analytics parameter (`?_a=`) to every URL. Signed delivery URLs (`s--…--`) do not
 * expire, so there is no expired case for this scheme.
 */
const SECRET = 'b';
const DISTRIBUTION = 'img.example.com';

let stack: TestStack & { dispose(): Promise<void> };
let web: Server;
let webHost: string;
/** What `cloudinary.url` takes for an image: transformation, delivery and configuration options. */
type UrlOptions = ImageTransformationOptions & CloudinaryUrlOptions & ConfigOptions;
const url = (endpoint: string, publicId: string, options: UrlOptions) =>
  targetOf(
    cloudinary.url(publicId, {
      cloud_name: 'demo',
      secure: true,
      secure_distribution: `${DISTRIBUTION}/${endpoint}`,
      ...options,
    }),
  );
const signedUrl = (publicId: string, options: UrlOptions) =>
  url('cls', publicId, { sign_url: true, api_secret: SECRET, ...options });

beforeAll(async () => {
  const remote = await solidImage(60, 30, BLUE);
  web = createServer((request, response) => {
    if (request.url !== '/remote/photo.png') return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'image/png' }).end(remote);
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  webHost = `127.0.0.1:${(web.address() as AddressInfo).port}`;
  stack = await startTestStack({ secrets: { 'ssm:/imgfront/cloudinary-sdk': SECRET } });
  // 400x200: red top left, green top right, blue bottom left, yellow bottom right.
  const wide = await quadrantImage({ width: 400, height: 200, format: 'jpeg' });
  await putObject(stack, DEMO_BUCKET, 'cls/wide.jpg', wide);
  await putObject(stack, DEMO_BUCKET, 'cls/shop/wide.jpg', wide);
  await putObject(stack, DEMO_BUCKET, 'cls/image.jpg', await solidImage(60, 40, RED, 'jpeg'));
  await putObject(
    stack,
    DEMO_BUCKET,
    'cls/my folder/my photo é.jpg',
    await quadrantImage({ width: 40, height: 20 }),
  );
  const origins = [
    { type: 's3' as const, bucket: DEMO_BUCKET, prefix: 'cls' },
    { type: 'webProxy' as const, allowedHosts: [webHost] },
  ];
  await stack.putEndpoint({ id: 'ik', origins });
  await stack.putEndpoint({ id: 'cl', origins, settings: { dialect: 'cloudinary' } });
  await stack.putEndpoint({
    id: 'cls',
    origins,
    settings: {
      dialect: 'cloudinary',
      signing: { required: true, keys: [{ source: 'ssm', name: '/imgfront/cloudinary-sdk' }] },
    },
  });
});

afterAll(async () => {
  await stack.dispose();
  await new Promise((resolve) => web.close(resolve));
});

describe('cloudinary.url on a Cloudinary endpoint', () => {
  it('scales to w x h by default (c_scale), with the analytics parameter the SDK appends', async () => {
    const path = url('cl', 'wide.jpg', { width: 100, height: 100 });
    expect(path).toMatch(/^\/cl\/demo\/image\/upload\/h_100,w_100\/wide\.jpg\?_a=\w+$/);
    const image = await expectSameAsTwin(stack, path, '/ik/tr:w-100,h-100,c-force,f-jpeg/wide.jpg', {
      accept: 'image/webp,*/*',
    });
    expect([image.width, image.height, image.format]).toEqual([100, 100, 'jpeg']);
  });

  it('fills with c_fill anchored by gravity, and pads with c_pad and a background', async () => {
    const east = await expectSameAsTwin(
      stack,
      url('cl', 'wide.jpg', { width: 100, height: 100, crop: 'fill', gravity: 'east' }),
      '/ik/tr:w-100,h-100,c-maintain_ratio,fo-right,f-jpeg/wide.jpg',
    );
    expect([await colourAt(east.body, 10, 25), await colourAt(east.body, 10, 75)]).toEqual([
      'green',
      'yellow',
    ]);
    const padded = await expectSameAsTwin(
      stack,
      url('cl', 'wide.jpg', { width: 100, height: 100, crop: 'pad', background: 'rgb:0000ff' }),
      '/ik/tr:w-100,h-100,cm-pad_resize,bg-0000FF,f-jpeg/wide.jpg',
    );
    expect([padded.height, await colourAt(padded.body, 50, 5), await colourAt(padded.body, 25, 40)]).toEqual([
      100,
      'blue',
      'red',
    ]);
  });

  it('chains transformations: a c_crop window, a scale, then f_auto and q_auto', async () => {
    const path = url('cl', 'wide.jpg', {
      transformation: [
        { crop: 'crop', x: 200, y: 100, width: 200, height: 100 },
        { crop: 'scale', width: 100 },
        { fetch_format: 'auto', quality: 'auto' },
      ],
    });
    const image = await expectSameAsTwin(
      stack,
      path,
      '/ik/tr:cm-extract,x-200,y-100,w-200,h-100:w-100,c-maintain_ratio:f-auto,q-auto/wide.jpg',
      { accept: 'image/webp,*/*' },
    );
    expect([image.width, image.height, image.format, await colourAt(image.body, 50, 25)]).toEqual([
      100,
      50,
      'webp',
      'yellow',
    ]);
  });

  it('renders effect, angle and radius options, sorted as the SDK writes them', async () => {
    const image = await expectSameAsTwin(
      stack,
      url('cl', 'wide.jpg', {
        width: 60,
        height: 60,
        crop: 'fill',
        gravity: 'north_west',
        effect: 'grayscale',
        angle: 90,
        radius: 'max',
      }),
      '/ik/tr:w-60,h-60,c-maintain_ratio,fo-top_left,e-grayscale,rt-90,r-max,f-jpeg/wide.jpg',
    );
    expect([image.width, image.height]).toEqual([60, 60]);
    // Grayscale: the red corner's pixels carry no colour.
    const { r, g, b } = await pixelAt(image.body, 30, 30);
    expect(Math.max(r, g, b) - Math.min(r, g, b)).toBeLessThan(8);
  });

  it('serves a public id in a folder, with the v1 version the SDK forces onto it', async () => {
    const path = url('cl', 'shop/wide', { format: 'jpg', width: 50, crop: 'scale' });
    expect(path).toMatch(/^\/cl\/demo\/image\/upload\/c_scale,w_50\/v1\/shop\/wide\.jpg\?_a=\w+$/);
    const image = await expectSameAsTwin(stack, path, '/ik/tr:w-50,c-maintain_ratio,f-jpeg/shop/wide.jpg');
    expect([image.width, image.height]).toEqual([50, 25]);
  });
});

describe("cloudinary.url's format option on files stored with their extension", () => {
  it('converts a public id stored as wide.jpg to the format the URL names', async () => {
    const path = url('cl', 'wide', { format: 'png', width: 40, crop: 'scale' });
    expect(path).toMatch(/^\/cl\/demo\/image\/upload\/c_scale,w_40\/wide\.png\?_a=\w+$/);
    const image = await expectSameAsTwin(stack, path, '/ik/tr:w-40,c-maintain_ratio,f-png/wide.jpg');
    expect([image.width, image.height, image.format, await colourAt(image.body, 5, 5)]).toEqual([
      40,
      20,
      'png',
      'red',
    ]);
    const webp = await seenImage(stack, url('cl', 'shop/wide', { format: 'webp', width: 40 }));
    expect(webp.format).toBe('webp');
  });

  it('serves a public id without an extension in its stored format, and 404s a missing one', async () => {
    const image = await seenImage(stack, url('cl', 'wide', { width: 40, crop: 'scale' }));
    expect([image.width, image.format]).toEqual([40, 'jpeg']);
    expect(await refusal(stack, url('cl', 'nothing-here', { format: 'png' }))).toEqual([
      404,
      'ENOENT',
      expect.any(String),
    ]);
  });
});

describe("cloudinary.url with type 'fetch'", () => {
  it('fetches a remote image through the web-proxy allow-list, unsigned and signed', async () => {
    const source = `http://${webHost}/remote/photo.png`;
    const unsigned = url('cl', source, { type: 'fetch', width: 30, crop: 'scale' });
    expect(unsigned).toMatch(
      /^\/cl\/demo\/image\/fetch\/c_scale,w_30\/http:\/\/127\.0\.0\.1:\d+\/remote\/photo\.png\?_a=\w+$/,
    );
    const image = await seenImage(stack, unsigned);
    expect([image.width, image.height, await colourAt(image.body, 5, 5)]).toEqual([30, 15, 'blue']);
    const signed = signedUrl(source, { type: 'fetch', width: 30, crop: 'scale' });
    expect((await seenImage(stack, signed)).width).toBe(30);
    expect(await refusal(stack, signed.replace('w_30', 'w_31'))).toEqual([401, 'ESIGNATURE', NOT_VALID]);
  });
});

describe('cloudinary.url with sign_url on the cloudinary signing scheme', () => {
  it("reproduces the SDKs' published vector, which the stack verifies", async () => {
    const vector = cloudinary.url('image.jpg', {
      cloud_name: 'test123',
      version: 1234,
      transformation: { crop: 'crop', width: 10, height: 20 },
      sign_url: true,
      api_secret: SECRET,
      urlAnalytics: false,
    });
    expect(vector).toBe(
      'https://res.cloudinary.com/test123/image/upload/s--Ai4Znfl3--/c_crop,h_20,w_10/v1234/image.jpg',
    );
    expect((await seenImage(stack, `/cls${targetOf(vector)}`)).width).toBe(10);
  });

  it.each([
    ['SHA-1, 8 characters (the default)', {}],
    ['SHA-256, 8 characters', { signature_algorithm: 'sha256' as const }],
    ['SHA-256, 32 characters (long_url_signature)', { long_url_signature: true }],
  ])('verifies %s, parsed as its unsigned twin', async (_case, options) => {
    const path = signedUrl('wide.jpg', { width: 40, crop: 'scale', ...options });
    expect(path).toMatch(/\/s--[\w-]+--\/c_scale,w_40\/wide\.jpg/);
    const image = await expectSameAsTwin(stack, path, '/ik/tr:w-40,c-maintain_ratio,f-jpeg/wide.jpg');
    expect([image.width, image.height]).toEqual([40, 20]);
  });

  it('verifies SDK-signed URLs (with the analytics parameter) through the CDN stand-in, and caches them', async () => {
    expect(await viaCdn(stack, signedUrl('wide.jpg', { width: 30, crop: 'scale' }))).toEqual({
      status: 200,
      errorCode: null,
      width: 30,
      cache: 'Hit from imgfront-local',
    });
  });

  it.each([
    [
      'tampered (one parameter changed)',
      () => signedUrl('wide.jpg', { width: 40, crop: 'scale' }).replace('w_40', 'w_41'),
    ],
    [
      'for another file',
      () => signedUrl('wide.jpg', { width: 40, crop: 'scale' }).replace('wide.jpg', 'image.jpg'),
    ],
    [
      'signed with another secret',
      () => url('cls', 'wide.jpg', { width: 40, crop: 'scale', sign_url: true, api_secret: 'guess' }),
    ],
  ])('refuses a URL that is %s with 401 ESIGNATURE', async (_case, build) => {
    expect(await refusal(stack, build())).toEqual([401, 'ESIGNATURE', NOT_VALID]);
  });

  it('refuses the unsigned URL on the signed endpoint', async () => {
    expect((await refusal(stack, url('cls', 'wide.jpg', { width: 40 }))).slice(0, 2)).toEqual([
      401,
      'ESIGNATURE',
    ]);
  });
});
