import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * Findings of `npm run fuzz`, each pinned with the concrete request that broke a promise. The output
 * cap is lowered to 256 px so the over-cap originals stay tiny; the fuzzer found them at the default
 * 8192 with a GIF whose header was patched to 10000x10000 (under the 100 MP input cap).
 */
let stack: TestStack & { dispose(): Promise<void> };

beforeAll(async () => {
  stack = await startTestStack({ env: { IMGFRONT_MAX_OUTPUT_DIMENSION: '256' } });
  const overCap = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#3366cc' } })
    .png()
    .toBuffer();
  await putObject(stack, DEMO_BUCKET, 'fuzz/over-cap.png', overCap, 'image/png');
  const tiny = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#ff0000' } })
    .png()
    .toBuffer();
  await putObject(stack, DEMO_BUCKET, 'fuzz/tiny.png', tiny, 'image/png');
  // Taller than WebP (16,383) and AVIF (16,384) can encode, yet only 17,000 pixels in all.
  const tall = await sharp({ create: { width: 1, height: 17_000, channels: 3, background: '#00ff00' } })
    .png()
    .toBuffer();
  await putObject(stack, DEMO_BUCKET, 'fuzz/tall.png', tall, 'image/png');
  // The fuzzer's SVG with its size patched; it probes as 1x65536, taller than librsvg draws.
  const tallSvg = Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="103460248" height="65536"><rect width="40" height="30" fill="#36c"/></svg>',
  );
  await putObject(stack, DEMO_BUCKET, 'fuzz/tall.svg', tallSvg, 'image/svg+xml');
  await stack.putEndpoint({ id: 'fuzz', origins: [{ type: 's3', bucket: DEMO_BUCKET, prefix: 'fuzz' }] });
});

afterAll(() => stack.dispose());

async function sizeOf(path: string) {
  const response = await stack.get(path);
  const metadata = response.status === 200 ? await sharp(response.body).metadata() : undefined;
  return { status: response.status, size: [metadata?.width, metadata?.height] };
}

describe('originals larger than the output cap (fuzz finding)', () => {
  it('scales a step that asks for no size down to the cap instead of encoding the original whole', async () => {
    expect(await sizeOf('/fuzz/tr:q-50/over-cap.png')).toEqual({ status: 200, size: [256, 171] });
    expect(await sizeOf('/fuzz/over-cap.png?tr=f-webp,e-grayscale')).toEqual({
      status: 200,
      size: [256, 171],
    });
  });

  it('scales a URL without any transformation down to the cap', async () => {
    expect(await sizeOf('/fuzz/over-cap.png')).toEqual({ status: 200, size: [256, 171] });
  });

  // The same gap seen as a 500: a GIF header patched to 0x65535 served as WebP ("Processed image is
  // too large for the WebP format") or AVIF ("... for the HEIF format").
  it.each(['image/webp,*/*', 'image/avif,image/webp,*/*'])(
    'serves a 1x17000 original without a transformation to Accept "%s" within the cap',
    async (accept) => {
      const response = await stack.get('/fuzz/tall.png', { accept });
      expect(response.status).toBe(200);
      expect((await sharp(response.body).metadata()).height).toBeLessThanOrEqual(256);
    },
  );
});

describe('paths that decode to more than an S3 key holds (fuzz finding)', () => {
  it('refuses them with 400 EINVALID instead of a 500 from the bucket', async () => {
    // 520 raw "é" are 3,120 characters encoded (under the raw cap) but 1,040 bytes of key.
    const response = await stack.get(`/fuzz/${'\u00e9'.repeat(520)}.png`);
    expect(response.status).toBe(400);
    expect(response.headers.get('x-imgfront-error')).toBe('EINVALID');
  });
});

describe('trimming an image smaller than 3x3 (fuzz finding: 500 "Image to trim must be at least 3x3 pixels")', () => {
  // Found with a GIF declaring a 65535x65535 screen around a 1x1 frame and `t-true`: there is no border
  // to trim on so small an image, so trim leaves it as it is.
  it.each([
    ['/fuzz/tr:t-true/tiny.png', 'a 2x2 original', [2, 2]],
    [
      '/fuzz/tr:w-1,md-true:t-true/over-cap.png',
      'a step that resized to 1 px (the URL the fuzzer found)',
      [1, 1],
    ],
  ])('serves %s (%s) untrimmed', async (path, _, size) => {
    expect(await sizeOf(path)).toEqual({ status: 200, size });
  });
});

describe('SVGs taller or wider than the rasteriser draws (fuzz finding: 500 "exceeds 32767x32767")', () => {
  it('refuses them with 400 ELIMIT before rendering', async () => {
    const response = await stack.get('/fuzz/tall.svg');
    expect(response.status).toBe(400);
    expect(response.headers.get('x-imgfront-error')).toBe('ELIMIT');
  });
});
