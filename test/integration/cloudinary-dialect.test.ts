import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { colourAt, quadrantImage, solidImage, RED } from '../support/images';
import { startTestStack, type TestStack } from '../support/stack';

/** The Cloudinary SDKs' published vectors (api_secret `b`, cloud `test123`). */
const SECRET = 'b';
const VECTORS: Array<[string, number]> = [
  ['/test123/image/upload/s--Ai4Znfl3--/c_crop,h_20,w_10/v1234/image.jpg', 10],
  ['/test123/image/upload/s----SjmNDA--/v1234/image.jpg', 60],
  ['/test123/image/upload/s--Ai4Znfl3--/c_crop,h_20,w_10/image.jpg', 10],
];

/** Cloudinary's documented algorithm, written out: base64url(hash(transformation/public_id + secret)). */
function cloudinarySignature(toSign: string, algorithm: 'sha1' | 'sha256', length: 8 | 32): string {
  const digest = createHash(algorithm).update(`${toSign}${SECRET}`).digest('base64');
  return `s--${digest.replace(/\//g, '_').replace(/\+/g, '-').slice(0, length)}--`;
}

let stack: TestStack & { dispose(): Promise<void> };

beforeAll(async () => {
  stack = await startTestStack({ secrets: { 'ssm:/imgfront/cloudinary': SECRET } });
  await putObject(
    stack,
    DEMO_BUCKET,
    'cl/wide.jpg',
    await quadrantImage({ width: 800, height: 400, format: 'jpeg' }),
  );
  await putObject(stack, DEMO_BUCKET, 'cl/image.jpg', await solidImage(60, 40, RED, 'jpeg'));
  const origins = [{ type: 's3' as const, bucket: DEMO_BUCKET, prefix: 'cl' }];
  await stack.putEndpoint({
    id: 'cl',
    origins,
    settings: { dialect: 'cloudinary', namedTransformations: { thumb: 'c_fill,g_east,w_50,h_50' } },
  });
  await stack.putEndpoint({
    id: 'cls',
    origins,
    settings: {
      dialect: 'cloudinary',
      signing: { required: true, keys: [{ source: 'ssm', name: '/imgfront/cloudinary' }] },
    },
  });
});

afterAll(() => stack.dispose());

async function image(path: string) {
  const response = await stack.get(path, { accept: 'image/avif,image/webp,*/*' });
  expect([response.status, response.headers.get('x-imgfront-error')]).toEqual([200, null]);
  const { width, height, format } = await sharp(response.body).metadata();
  return { width, height, format, body: response.body, headers: response.headers };
}

describe('Cloudinary URLs on a Cloudinary endpoint', () => {
  it('scales to w x h by default (c_scale distorts), in the format of the file', async () => {
    expect(await image('/cl/demo/image/upload/w_100,h_100/wide.jpg')).toMatchObject({
      width: 100,
      height: 100,
      format: 'jpeg',
    });
  });

  it('fills with c_fill anchored by g_, fits with c_fit, pads with c_pad and b_', async () => {
    const east = await image('/cl/demo/image/upload/c_fill,g_east,w_100,h_100/wide.jpg');
    expect([east.width, await colourAt(east.body, 10, 25)]).toEqual([100, 'green']);
    expect(await image('/cl/demo/image/upload/c_fit,w_100,h_100/wide.jpg')).toMatchObject({
      width: 100,
      height: 50,
    });
    const padded = await image('/cl/demo/image/upload/c_pad,b_rgb:0000ff,w_100,h_100/wide.jpg');
    expect([padded.height, await colourAt(padded.body, 50, 5)]).toEqual([100, 'blue']);
  });

  it('chains steps, negotiates f_auto, and caches a versioned URL as immutable', async () => {
    const chained = await image(
      '/cl/demo/image/upload/c_crop,x_400,y_200,w_400,h_200/c_scale,w_100/f_auto/v17/wide.jpg',
    );
    expect([chained.width, chained.height, chained.format, await colourAt(chained.body, 50, 25)]).toEqual([
      100,
      50,
      'heif',
      'yellow',
    ]);
    expect(chained.headers.get('cache-control')).toContain('immutable');
  });

  it('expands t_<name> from the endpoint, written in Cloudinary syntax; components beside it refine it', async () => {
    const thumb = await image('/cl/demo/image/upload/t_thumb/wide.jpg');
    expect([thumb.width, thumb.height, await colourAt(thumb.body, 5, 12)]).toEqual([50, 50, 'green']);
    expect((await image('/cl/demo/image/upload/t_thumb,f_webp/wide.jpg')).format).toBe('webp');
    const unknown = await stack.get('/cl/demo/image/upload/t_nope/wide.jpg');
    expect([unknown.status, unknown.body.toString().trim()]).toEqual([
      400,
      'Unknown named transformation "nope"',
    ]);
  });

  it.each([
    ['/cl/demo/image/upload/c_thumb,g_face,w_100/wide.jpg', 'c_thumb'],
    ['/cl/demo/image/upload/l_logo/wide.jpg', 'l_logo'],
    ['/cl/demo/video/upload/wide.jpg', 'resource type video'],
  ])('%s answers 400 EINVALID naming %s', async (path, name) => {
    const response = await stack.get(path);
    expect([response.status, response.headers.get('x-imgfront-error')]).toEqual([400, 'EINVALID']);
    expect(response.body.toString()).toContain(name);
  });
});

describe('the cloudinary signing scheme', () => {
  it.each(VECTORS)("verifies the SDKs' vector %s", async (path, width) => {
    expect((await image(`/cls${path}`)).width).toBe(width);
  });

  it.each([
    ['SHA-1, 8 characters', cloudinarySignature('c_scale,w_30/image.jpg', 'sha1', 8)],
    ['SHA-256, 8 characters', cloudinarySignature('c_scale,w_30/image.jpg', 'sha256', 8)],
    [
      'SHA-256, 32 characters (long_url_signature)',
      cloudinarySignature('c_scale,w_30/image.jpg', 'sha256', 32),
    ],
  ])('verifies %s', async (_case, signature) => {
    expect((await image(`/cls/any/image/upload/${signature}/c_scale,w_30/image.jpg`)).width).toBe(30);
  });

  it.each([
    ['missing', '/cls/test123/image/upload/c_crop,h_20,w_10/image.jpg'],
    ['tampered', VECTORS[0]![0].replace('w_10', 'w_11')],
    [
      'made with another secret',
      `/test123/image/upload/s--${createHash('sha1').update('c_crop,h_20,w_10/image.jpgguess').digest('base64url').slice(0, 8)}--/c_crop,h_20,w_10/image.jpg`,
    ],
    [
      'signed with a 28-character SHA-1 (no such length)',
      `/test123/image/upload/${cloudinarySignature('image.jpg', 'sha1', 32)}/image.jpg`,
    ],
  ])('refuses a URL that is %s with 401 ESIGNATURE', async (_case, path) => {
    const response = await stack.get(path.startsWith('/cls/') ? path : `/cls${path}`);
    expect([response.status, response.headers.get('x-imgfront-error')]).toEqual([401, 'ESIGNATURE']);
  });
});
