import { createHmac } from 'node:crypto';
import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { colourAt, quadrantImage, solidImage, RED } from '../support/images';
import { startTestStack, type TestStack } from '../support/stack';

/** libthumbor's published vectors: key `my-security-key`, image `my.server.com/some/path/to/image.jpg`. */
const KEY = 'my-security-key';
const IMAGE = 'my.server.com/some/path/to/image.jpg';
const VECTORS: Array<[string, number, number]> = [
  [`/8ammJH8D-7tXy6kU3lTvoXlhu4o=/300x200/${IMAGE}`, 300, 200],
  [`/-2NHpejRK2CyPAm61FigfQgJBxw=/smart/${IMAGE}`, 800, 400],
  [`/uvLnA6TJlF-Cc-L8z9pEtfasO3s=/fit-in/${IMAGE}`, 800, 400],
];

/** Thumbor's documented signer, written out: URL-safe base64 HMAC-SHA1 of the URL after the signature. */
const thumborSigned = (endpoint: string, rest: string) =>
  `/${endpoint}/${createHmac('sha1', KEY).update(rest).digest('base64').replace(/\+/g, '-').replace(/\//g, '_')}/${rest}`;

let stack: TestStack & { dispose(): Promise<void> };

beforeAll(async () => {
  stack = await startTestStack({ secrets: { 'ssm:/imgfront/thumbor': KEY } });
  await putObject(
    stack,
    DEMO_BUCKET,
    `th/${IMAGE}`,
    await quadrantImage({ width: 800, height: 400, format: 'jpeg' }),
  );
  await putObject(stack, DEMO_BUCKET, 'th/small.png', await solidImage(400, 200, RED));
  await stack.putEndpoint({
    id: 'th',
    origins: [{ type: 's3', bucket: DEMO_BUCKET, prefix: 'th' }],
    settings: { dialect: 'thumbor' },
  });
  await stack.putEndpoint({
    id: 'ths',
    origins: [{ type: 's3', bucket: DEMO_BUCKET, prefix: 'th' }],
    settings: {
      dialect: 'thumbor',
      signing: { required: true, keys: [{ source: 'ssm', name: '/imgfront/thumbor' }] },
    },
  });
});

afterAll(() => stack.dispose());

async function image(path: string) {
  const response = await stack.get(path, { accept: 'image/webp,*/*' });
  expect([response.status, response.headers.get('x-imgfront-error')]).toEqual([200, null]);
  const { width, height, format } = await sharp(response.body).metadata();
  return { width, height, format, body: response.body };
}

describe('Thumbor URLs on a Thumbor endpoint', () => {
  it('crops to fill by default, aligned by halign/valign, in the source format', async () => {
    const left = await image(`/th/unsafe/100x100/left/${IMAGE}`);
    expect([left.width, left.height, left.format]).toEqual([100, 100, 'jpeg']);
    // 800x400 covers 100x100 at 200x100; left keeps x 0-100 (red on top), right keeps x 100-200 (green).
    expect(await colourAt(left.body, 90, 25)).toBe('red');
    expect(await colourAt((await image(`/th/unsafe/100x100/right/${IMAGE}`)).body, 10, 25)).toBe('green');
  });

  it('fits inside with fit-in and pads to the box with fill()', async () => {
    expect(await image(`/th/unsafe/fit-in/100x100/${IMAGE}`)).toMatchObject({ width: 100, height: 50 });
    const padded = await image('/th/unsafe/fit-in/200x200/filters:fill(blue)/small.png');
    expect([padded.width, padded.height]).toEqual([200, 200]);
    expect([await colourAt(padded.body, 100, 5), await colourAt(padded.body, 100, 100)]).toEqual([
      'blue',
      'red',
    ]);
  });

  it('crops AxB:CxD first, applies format() and quality(), and rotates counter-clockwise after resizing', async () => {
    const crop = await image(`/th/unsafe/400x200:800x400/filters:format(webp):quality(70)/${IMAGE}`);
    expect([crop.width, crop.height, crop.format, await colourAt(crop.body, 200, 100)]).toEqual([
      400,
      200,
      'webp',
      'yellow',
    ]);
    const turned = await image(`/th/unsafe/200x100/filters:rotate(90)/${IMAGE}`);
    expect([turned.width, turned.height]).toEqual([100, 200]);
    // Counter-clockwise: the top-left red quadrant ends at the bottom left.
    expect(await colourAt(turned.body, 25, 175)).toBe('red');
  });

  it.each([
    [`/th/unsafe/meta/${IMAGE}`, 'meta'],
    [`/th/unsafe/filters:watermark(a.png,0,0,0)/${IMAGE}`, 'watermark'],
    [`/th/nosignature/${IMAGE}`, 'unsafe/'],
    // Thumbor's grammar: a signature is 28 characters or more; anything shorter is no signature at all.
    [`/ths${VECTORS[0]![0].replace('o=/', '/')}`, 'unsafe/'],
  ])('%s answers 400 EINVALID naming %s', async (path, name) => {
    const response = await stack.get(path);
    expect([response.status, response.headers.get('x-imgfront-error')]).toEqual([400, 'EINVALID']);
    expect(response.body.toString()).toContain(name);
  });
});

describe('the thumbor signing scheme', () => {
  it.each(VECTORS)("verifies libthumbor's vector %s", async (path, width, height) => {
    expect(await image(`/ths${path}`)).toMatchObject({ width, height });
  });

  it('accepts the padding percent-encoded, as Thumbor does', async () => {
    expect((await image(`/ths${VECTORS[0]![0].replace('=/', '%3D/')}`)).width).toBe(300);
  });

  it('verifies a signature made with the documented algorithm', async () => {
    expect((await image(thumborSigned('ths', `fit-in/50x50/filters:quality(80)/${IMAGE}`))).width).toBe(50);
  });

  it.each([
    ['unsafe, on an endpoint that requires signing', `/ths/unsafe/300x200/${IMAGE}`],
    ['tampered', `/ths${VECTORS[0]![0].replace('300x200', '300x201')}`],
    [
      're-encoded (same meaning, other raw text)',
      thumborSigned('ths', `50x50/filters:quality(80)/${IMAGE}`).replace('quality(80)', 'quality(8%30)'),
    ],
    [
      'made with another key',
      `/ths/${createHmac('sha1', 'guess').update(`300x200/${IMAGE}`).digest('base64url')}=/300x200/${IMAGE}`,
    ],
    ['with one character changed', `/ths${VECTORS[0]![0].replace('o=/', 'p=/')}`],
  ])('refuses a URL that is %s with 401 ESIGNATURE', async (_case, path) => {
    const response = await stack.get(path);
    expect([response.status, response.headers.get('x-imgfront-error')]).toEqual([401, 'ESIGNATURE']);
  });
});
