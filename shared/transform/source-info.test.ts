import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { DEFAULT_LIMITS } from '../config/config';
import {
  animatedGif,
  colourAt,
  hostileSvg,
  noisyImage,
  orientedJpeg,
  quadrantImage,
  RED,
  solidImage,
  TEXT_FILE,
  transparentPng,
  truncated,
} from '../../test/support/images';
import { renderChain } from '../../test/support/render-chain';
import { readSourceInfo } from './source-info';

const RED_PIXELS = Buffer.alloc(4 * 4 * 3, Buffer.from([255, 0, 0]));
const rawRed = () => sharp(RED_PIXELS, { raw: { width: 4, height: 4, channels: 3 } });

describe('reading the original', () => {
  it.each([
    ['PNG', () => quadrantImage({ width: 40, height: 30 }), 'png'],
    ['JPEG', () => quadrantImage({ width: 40, height: 30, format: 'jpeg' }), 'jpeg'],
    ['WebP', () => quadrantImage({ width: 40, height: 30, format: 'webp' }), 'webp'],
    ['AVIF', () => rawRed().avif().toBuffer(), 'avif'],
  ])('sniffs a %s from its bytes', async (_, make, format) => {
    expect(await readSourceInfo(await make(), DEFAULT_LIMITS)).toMatchObject({ format, frames: 1 });
  });

  it('reports the displayed size of an EXIF-rotated JPEG', async () => {
    expect(await readSourceInfo(await orientedJpeg(6, 40, 30), DEFAULT_LIMITS)).toMatchObject({
      width: 30,
      height: 40,
    });
  });

  it('reports frames, the size of one frame and alpha for an animated GIF', async () => {
    expect(await readSourceInfo(await animatedGif(4, 20, 10), DEFAULT_LIMITS)).toMatchObject({
      format: 'gif',
      width: 20,
      height: 10,
      frames: 4,
    });
  });

  it('reports alpha only where the image has it', async () => {
    const [withAlpha, without] = await Promise.all([
      readSourceInfo(await transparentPng(), DEFAULT_LIMITS),
      readSourceInfo(await solidImage(4, 4, RED), DEFAULT_LIMITS),
    ]);
    expect([withAlpha.hasAlpha, without.hasAlpha]).toEqual([true, false]);
  });
});

describe('input limits', () => {
  it('refuses an original with more pixels than the limit with 400 ELIMIT', async () => {
    const image = await solidImage(200, 100, RED);
    await expect(readSourceInfo(image, { ...DEFAULT_LIMITS, maxInputPixels: 19_999 })).rejects.toMatchObject({
      code: 'ELIMIT',
      status: 400,
    });
    await expect(readSourceInfo(image, { ...DEFAULT_LIMITS, maxInputPixels: 20_000 })).resolves.toBeDefined();
  });

  it('refuses an original over 65535 px a side with 400 ELIMIT, however few pixels it has', async () => {
    // Fuzz finding: an AVIF header patched to 66,076,965x1 grew RSS by 700 MB while it was decoded.
    const wide = await sharp({ create: { width: 65_536, height: 1, channels: 3, background: '#000000' } })
      .png()
      .toBuffer();
    await expect(readSourceInfo(wide, DEFAULT_LIMITS)).rejects.toMatchObject({ code: 'ELIMIT', status: 400 });
    const widest = await sharp({ create: { width: 65_535, height: 1, channels: 3, background: '#000000' } })
      .png()
      .toBuffer();
    await expect(readSourceInfo(widest, DEFAULT_LIMITS)).resolves.toMatchObject({ width: 65_535 });
  });

  it('counts every frame of an animation against the pixel limit', async () => {
    // 3 frames of 20x10: 600 pixels in all, 200 in one frame.
    const gif = await animatedGif(3, 20, 10);
    await expect(readSourceInfo(gif, { ...DEFAULT_LIMITS, maxInputPixels: 599 })).rejects.toMatchObject({
      code: 'ELIMIT',
    });
  });

  it('refuses an animation with more frames than the limit, naming the count', async () => {
    const gif = await animatedGif(5);
    await expect(readSourceInfo(gif, { ...DEFAULT_LIMITS, maxAnimationFrames: 4 })).rejects.toMatchObject({
      code: 'ELIMIT',
      status: 400,
      message: expect.stringContaining('5 frames'),
    });
    await expect(readSourceInfo(gif, { ...DEFAULT_LIMITS, maxAnimationFrames: 5 })).resolves.toBeDefined();
  });

  it('refuses an SVG larger than the SVG byte limit', async () => {
    const svg = hostileSvg('http://127.0.0.1:9');
    await expect(
      readSourceInfo(svg, { ...DEFAULT_LIMITS, maxSvgBytes: svg.byteLength - 1 }),
    ).rejects.toMatchObject({ code: 'ELIMIT' });
  });

  it.each([
    [1, 65_536],
    [32_768, 1],
    // Fuzz finding: past librsvg's integer range the probe reports 1x1, and `h-300` then failed (500).
    [100_000_005, 100_000_005],
  ])('refuses a %dx%d SVG, beyond what the rasteriser draws, with ELIMIT', async (width, height) => {
    // Found by the fuzzer: `width="103460248" height="65536"` probed as 1x65536 and failed in render (500).
    const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"/>`);
    await expect(readSourceInfo(svg, DEFAULT_LIMITS)).rejects.toMatchObject({ code: 'ELIMIT', status: 400 });
  });

  it('reads a 32767x1 SVG, the widest the rasteriser draws', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="32767" height="1"/>');
    await expect(readSourceInfo(svg, DEFAULT_LIMITS)).resolves.toMatchObject({ width: 32_767, height: 1 });
  });

  it('refuses a pixel-flood header before decoding anything', async () => {
    // A valid 4x4 PNG whose header claims 100000x100000 pixels (the IHDR CRC is not checked by the probe).
    const png = await rawRed().png().toBuffer();
    const flood = Buffer.from(png);
    flood.writeUInt32BE(100_000, 16);
    flood.writeUInt32BE(100_000, 20);
    await expect(readSourceInfo(flood, DEFAULT_LIMITS)).rejects.toMatchObject({
      code: 'ELIMIT',
      status: 400,
    });
  });
});

describe('broken and hostile originals', () => {
  it.each([
    ['a text file', () => Promise.resolve(TEXT_FILE)],
    ['an empty file', () => Promise.resolve(Buffer.alloc(0))],
    ['a JPEG cut to its first 20 bytes', async () => truncated(await solidImage(64, 64, RED, 'jpeg'), 0.01)],
    ['an HTML page', () => Promise.resolve(Buffer.from('<!doctype html><title>x</title>'))],
  ])('refuses %s with 400 EINVALID', async (_, make) => {
    await expect(readSourceInfo(await make(), DEFAULT_LIMITS)).rejects.toMatchObject({
      code: 'EINVALID',
      status: 400,
    });
  });

  it.each([
    [
      'a truncated JPEG',
      async () => truncated(await noisyImage(64, 64).then((png) => sharp(png).jpeg().toBuffer())),
    ],
    ['a truncated PNG', async () => truncated(await noisyImage(64, 64))],
  ])('refuses %s with 400 EINVALID when decoding', async (_, make) => {
    await expect(renderChain(await make(), 'w-32')).rejects.toMatchObject({ code: 'EINVALID', status: 400 });
  });

  describe('an SVG with a script and remote references', () => {
    let trap: Server;
    let trapUrl: string;
    const requests: string[] = [];

    beforeAll(async () => {
      trap = createServer((request, response) => {
        requests.push(request.url ?? '');
        response.end();
      });
      await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
      trapUrl = `http://127.0.0.1:${(trap.address() as AddressInfo).port}`;
    });

    afterAll(() => new Promise<void>((resolve) => trap.close(() => resolve())));

    it.each([
      ['f-auto', 'image/svg+xml,image/*', 'png'],
      ['f-orig', '', 'png'],
      ['f-webp', '', 'webp'],
      ['w-80', 'image/webp', 'webp'],
    ])('%s with Accept "%s" rasterises it to %s without fetching anything', async (chain, accept, format) => {
      const rendered = await renderChain(hostileSvg(trapUrl), chain, { accept });
      expect(rendered.metadata.format).toBe(format);
      expect(await colourAt(rendered.body, 5, 15)).toBe('blue');
      expect(requests).toEqual([]);
    });

    it('refuses the SVG when it expands an external entity, fetching nothing', async () => {
      await expect(renderChain(hostileSvg(trapUrl, { withEntity: true }), 'w-20')).rejects.toMatchObject({
        code: 'EINVALID',
        status: 400,
      });
      expect(requests).toEqual([]);
    });
  });
});
