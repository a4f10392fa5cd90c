import Thumbor from 'thumbor';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { colourAt, quadrantImage, solidImage, RED } from '../support/images';
import { startTestStack, type TestStack } from '../support/stack';
import { expectSameAsTwin, NOT_VALID, refusal, seenImage, targetOf, viaCdn } from '../support/twins';

/**
 * URLs built by a Thumbor URL builder (the `thumbor` npm package, ThumborUrlBuilder's signer) with
 * and without a security key. The builder is given the CDN's URL with the endpoint id as its path.
 * Thumbor URLs never expire, so there is no expired case for this scheme.
 */
const KEY = 'my-security-key';
const CDN = 'https://img.example.com';
const IMAGE = 'my.server.com/some/path/to/image.jpg';

let stack: TestStack & { dispose(): Promise<void> };
/** A fresh builder per URL: the package's builder keeps its options between calls. */
const unsafe = (image: string) => new Thumbor(null, `${CDN}/th`).setImagePath(image);
const signed = (image: string) => new Thumbor(KEY, `${CDN}/ths`).setImagePath(image);

beforeAll(async () => {
  stack = await startTestStack({ secrets: { 'ssm:/imgfront/thumbor-sdk': KEY } });
  // 400x200: red top left, green top right, blue bottom left, yellow bottom right.
  const wide = await quadrantImage({ width: 400, height: 200, format: 'jpeg' });
  await putObject(stack, DEMO_BUCKET, 'ths/wide.jpg', wide);
  await putObject(stack, DEMO_BUCKET, `ths/${IMAGE}`, wide);
  await putObject(stack, DEMO_BUCKET, 'ths/small.png', await solidImage(100, 50, RED));
  await putObject(stack, DEMO_BUCKET, 'ths/my folder/my photo é.jpg', await solidImage(40, 20, RED, 'jpeg'));
  const origins = [{ type: 's3' as const, bucket: DEMO_BUCKET, prefix: 'ths' }];
  await stack.putEndpoint({ id: 'ik', origins });
  await stack.putEndpoint({ id: 'th', origins, settings: { dialect: 'thumbor' } });
  await stack.putEndpoint({
    id: 'ths',
    origins,
    settings: {
      dialect: 'thumbor',
      signing: { required: true, keys: [{ source: 'ssm', name: '/imgfront/thumbor-sdk' }] },
    },
  });
});

afterAll(() => stack.dispose());

describe('the thumbor builder, unsafe, on a Thumbor endpoint', () => {
  it('crops to fill aligned left by default, in the source format', async () => {
    const path = targetOf(unsafe('wide.jpg').resize(100, 100).halign('left').buildUrl());
    expect(path).toBe('/th/unsafe/100x100/left/wide.jpg');
    const image = await expectSameAsTwin(
      stack,
      path,
      '/ik/tr:w-100,h-100,c-maintain_ratio,fo-left,f-orig/wide.jpg',
      {
        accept: 'image/webp,*/*',
      },
    );
    expect([image.width, image.height, image.format]).toEqual([100, 100, 'jpeg']);
    expect([await colourAt(image.body, 90, 25), await colourAt(image.body, 90, 75)]).toEqual(['red', 'blue']);
  });

  it('aligns bottom right and smart-crops as ImageKit focuses', async () => {
    const corner = await expectSameAsTwin(
      stack,
      targetOf(unsafe('wide.jpg').resize(100, 100).halign('right').valign('bottom').buildUrl()),
      '/ik/tr:w-100,h-100,c-maintain_ratio,fo-bottom_right,f-orig/wide.jpg',
    );
    expect(await colourAt(corner.body, 10, 75)).toBe('yellow');
    await expectSameAsTwin(
      stack,
      targetOf(unsafe('wide.jpg').resize(100, 100).smartCrop(true).buildUrl()),
      '/ik/tr:w-100,h-100,c-maintain_ratio,fo-auto,f-orig/wide.jpg',
    );
  });

  it('fits inside with fitIn, and pads to the box with the fill() filter', async () => {
    const fitted = await expectSameAsTwin(
      stack,
      targetOf(unsafe('wide.jpg').fitIn(100, 100).buildUrl()),
      '/ik/tr:w-100,h-100,c-at_max_enlarge,f-orig/wide.jpg',
    );
    expect([fitted.width, fitted.height]).toEqual([100, 50]);
    const padded = await expectSameAsTwin(
      stack,
      targetOf(unsafe('small.png').fitIn(100, 100).filter('fill(blue)').buildUrl()),
      '/ik/tr:w-100,h-100,cm-pad_resize,bg-blue,f-orig/small.png',
    );
    expect([padded.width, padded.height]).toEqual([100, 100]);
    expect([await colourAt(padded.body, 50, 5), await colourAt(padded.body, 50, 50)]).toEqual([
      'blue',
      'red',
    ]);
  });

  it('crops a window first, then resizes proportionally (0 = keep the ratio)', async () => {
    const path = targetOf(unsafe('wide.jpg').crop(200, 100, 400, 200).resize(100, 0).buildUrl());
    expect(path).toBe('/th/unsafe/200x100:400x200/100x0/wide.jpg');
    const image = await expectSameAsTwin(
      stack,
      path,
      '/ik/tr:cm-extract,x-200,y-100,w-200,h-100:w-100,c-maintain_ratio,f-orig/wide.jpg',
    );
    expect([image.width, image.height, await colourAt(image.body, 50, 25)]).toEqual([100, 50, 'yellow']);
  });

  it('flips with a negative width, and applies quality(), format() and rotate() filters', async () => {
    const flipped = await expectSameAsTwin(
      stack,
      targetOf(unsafe('wide.jpg').resize(100, 50).flipHorizontally().buildUrl()),
      '/ik/tr:w-100,h-50,c-maintain_ratio,fl-h,f-orig/wide.jpg',
    );
    expect(await colourAt(flipped.body, 10, 10)).toBe('green');
    const path = targetOf(
      unsafe('wide.jpg')
        .resize(100, 50)
        .filter('quality(70)')
        .filter('format(webp)')
        .filter('rotate(90)')
        .buildUrl(),
    );
    expect(path).toBe('/th/unsafe/100x50/filters:quality(70):format(webp):rotate(90)/wide.jpg');
    // Thumbor turns counter-clockwise after resizing: ImageKit's rt-270 as a second step.
    const turned = await expectSameAsTwin(
      stack,
      path,
      '/ik/tr:w-100,h-50,c-maintain_ratio,q-70,f-webp:rt-270/wide.jpg',
    );
    expect([turned.width, turned.height, turned.format]).toEqual([50, 100, 'webp']);
    expect(await colourAt(turned.body, 10, 90)).toBe('red');
  });
});

describe('the thumbor builder with a security key, on the thumbor signing scheme', () => {
  it("reproduces libthumbor's published vector, which the stack verifies", async () => {
    const path = targetOf(signed(IMAGE).resize(300, 200).buildUrl());
    expect(path).toBe(`/ths/8ammJH8D-7tXy6kU3lTvoXlhu4o=/300x200/${IMAGE}`);
    expect(await seenImage(stack, path)).toMatchObject({ width: 300, height: 200 });
  });

  it('verifies a signed URL with filters, parsed as its unsigned twin', async () => {
    const image = await expectSameAsTwin(
      stack,
      targetOf(signed('wide.jpg').fitIn(80, 80).filter('format(png)').buildUrl()),
      '/ik/tr:w-80,h-80,c-at_max_enlarge,f-png/wide.jpg',
    );
    expect([image.width, image.height, image.format]).toEqual([80, 40, 'png']);
  });

  it('verifies the path as it arrives, still percent-encoded, as Thumbor does (tornado request.path)', async () => {
    const file = 'my folder/my photo é.jpg';
    const encoded = targetOf(signed(encodeURI(file)).resize(20, 0).buildUrl());
    expect(encoded).toMatch(/\/20x0\/my%20folder\/my%20photo%20%C3%A9\.jpg$/);
    expect((await seenImage(stack, encoded)).width).toBe(20);
    // Signed over the unencoded name, the URL a browser sends (encoded) carries another text: refused.
    const raw = targetOf(signed(file).resize(20, 0).buildUrl());
    expect(await refusal(stack, encodeURI(raw))).toEqual([401, 'ESIGNATURE', NOT_VALID]);
  });

  it('verifies builder-signed URLs through the CDN stand-in (viewer function, cache key), and caches them', async () => {
    expect(await viaCdn(stack, targetOf(signed('wide.jpg').fitIn(30, 30).buildUrl()))).toEqual({
      status: 200,
      errorCode: null,
      width: 30,
      cache: 'Hit from imgfront-local',
    });
  });

  it.each([
    [
      'tampered (one parameter changed)',
      () => targetOf(signed('wide.jpg').resize(80, 40).buildUrl()).replace('80x40', '80x41'),
    ],
    [
      'for another file',
      () => targetOf(signed('wide.jpg').resize(80, 40).buildUrl()).replace('wide.jpg', 'small.png'),
    ],
    [
      'signed with another key',
      () => targetOf(new Thumbor('guess', `${CDN}/ths`).setImagePath('wide.jpg').resize(80, 40).buildUrl()),
    ],
  ])('refuses a URL that is %s with 401 ESIGNATURE', async (_case, build) => {
    expect(await refusal(stack, build())).toEqual([401, 'ESIGNATURE', NOT_VALID]);
  });

  it('refuses the unsafe URL the builder writes without a key, since the endpoint requires signing', async () => {
    const path = targetOf(new Thumbor(null, `${CDN}/ths`).setImagePath('wide.jpg').resize(80, 40).buildUrl());
    expect(path).toBe('/ths/unsafe/80x40/wide.jpg');
    expect((await refusal(stack, path)).slice(0, 2)).toEqual([401, 'ESIGNATURE']);
  });
});
