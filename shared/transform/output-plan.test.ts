import sharp from 'sharp';
import {
  animatedGif,
  cmykJpeg,
  colourAt,
  displayP3Jpeg,
  noisyImage,
  quadrantImage,
  RED,
  solidImage,
  transparentPng,
} from '../../test/support/images';
import { renderChain, type RenderChainOptions } from '../../test/support/render-chain';
import { CONTENT_TYPES } from './output-plan';

const AVIF_ACCEPT = 'image/avif,image/webp,image/apng,image/*,*/*;q=0.8';
const WEBP_ACCEPT = 'image/webp,*/*';
const PLAIN_ACCEPT = 'image/png,image/*;q=0.8,*/*;q=0.5';

let jpegPhoto: Buffer;
let pngWithAlpha: Buffer;
let animated: Buffer;
let large: Buffer;

beforeAll(async () => {
  [jpegPhoto, pngWithAlpha, animated, large] = await Promise.all([
    quadrantImage({ width: 40, height: 30, format: 'jpeg' }),
    transparentPng(),
    animatedGif(3),
    solidImage(5000, 3400, RED, 'jpeg'),
  ]);
});

/** The format a client sees in the bytes (libvips reports AVIF as HEIF with AV1 compression). */
async function formatOf(body: Buffer): Promise<string | undefined> {
  const { format, compression } = await sharp(body).metadata();
  return format === 'heif' && compression === 'av1' ? 'avif' : format;
}

describe('explicit output formats', () => {
  it.each([
    ['f-webp', 'webp'],
    ['f-avif', 'avif'],
    ['f-png', 'png'],
    ['f-jpg', 'jpeg'],
    ['f-jpeg', 'jpeg'],
    ['f-gif', 'gif'],
    ['f-orig', 'jpeg'],
  ])('%s encodes %s bytes whatever the Accept header says', async (chain, format) => {
    const rendered = await renderChain(jpegPhoto, `w-20,${chain}`, { accept: AVIF_ACCEPT });
    expect(await formatOf(rendered.body)).toBe(format);
    expect(rendered.format).toBe(format);
    expect(rendered.output.negotiated).toBe(false);
    expect(CONTENT_TYPES[rendered.format]).toBe(`image/${format}`);
  });

  it('flattens transparency onto white for JPEG, or onto the bg colour when given', async () => {
    const white = await renderChain(pngWithAlpha, 'f-jpeg');
    const magenta = await renderChain(pngWithAlpha, 'f-jpeg,bg-FF00FF');
    expect([await colourAt(white.body, 2, 2), await colourAt(white.body, 38, 2)]).toEqual(['white', 'red']);
    expect(await colourAt(magenta.body, 2, 2)).toBe('magenta');
  });

  it('keeps transparency in PNG and WebP', async () => {
    for (const chain of ['f-png', 'f-webp']) {
      const { body } = await renderChain(pngWithAlpha, chain);
      expect(await colourAt(body, 2, 2)).toBe('transparent');
    }
  });
});

describe('automatic format (f-auto and the endpoint default)', () => {
  it.each([
    ['f-auto', AVIF_ACCEPT, {}, 'avif'],
    ['f-auto', WEBP_ACCEPT, {}, 'webp'],
    ['f-auto', PLAIN_ACCEPT, {}, 'jpeg'],
    ['f-auto', '', {}, 'jpeg'],
    ['f-auto', AVIF_ACCEPT, { avif: false }, 'webp'],
    ['w-20', AVIF_ACCEPT, {}, 'avif'],
    ['w-20', AVIF_ACCEPT, { autoFormat: false }, 'jpeg'],
  ] as const)(
    '%s with Accept "%s" and settings %j picks %s for a JPEG',
    async (chain, accept, settings: RenderChainOptions['settings'], format) => {
      const rendered = await renderChain(jpegPhoto, chain, { accept, settings });
      expect(await formatOf(rendered.body)).toBe(format);
    },
  );

  it('says the format depended on Accept only when it did', async () => {
    const negotiated = await renderChain(jpegPhoto, 'f-auto', { accept: PLAIN_ACCEPT });
    const fixed = await renderChain(jpegPhoto, 'f-auto:f-png', { accept: WEBP_ACCEPT });
    const off = await renderChain(jpegPhoto, 'w-20', {
      accept: WEBP_ACCEPT,
      settings: { autoFormat: false },
    });
    expect([negotiated.output.negotiated, fixed.output.negotiated, off.output.negotiated]).toEqual([
      true,
      false,
      false,
    ]);
  });

  it.each([
    ['f-auto', 'webp'],
    ['w-4096,h-4096,c-force', 'avif'],
    ['w-4097,h-4096,c-force', 'webp'],
    ['w-400', 'avif'],
    ['w-0.5:w-0.5', 'avif'],
  ])(
    'negotiates AVIF only for outputs up to 4096x4096 (larger cost seconds and a GB): %s gives %s',
    async (chain, format) => {
      // 5000x3400 is 17 MP, just over the AVIF size; found by the fuzzer at 8192x8192 (6 s, 1.4 GB RSS).
      const rendered = await renderChain(large, chain, { accept: AVIF_ACCEPT });
      expect(await formatOf(rendered.body)).toBe(format);
    },
  );

  it('keeps a PNG a PNG for clients that accept neither AVIF nor WebP', async () => {
    expect(await formatOf((await renderChain(pngWithAlpha, 'f-auto', { accept: PLAIN_ACCEPT })).body)).toBe(
      'png',
    );
  });

  it.each([
    [AVIF_ACCEPT, 'webp'],
    [WEBP_ACCEPT, 'webp'],
    [PLAIN_ACCEPT, 'gif'],
  ])('never answers an animated GIF with AVIF: Accept "%s" gives an animated %s', async (accept, format) => {
    const rendered = await renderChain(animated, 'f-auto', { accept });
    expect(await formatOf(rendered.body)).toBe(format);
    expect(rendered.metadata.pages).toBe(3);
  });

  it.each([
    ['w-10', 10, 5],
    ['w-10,h-10', 10, 10],
    ['cm-pad_resize,w-20,h-20', 20, 20],
    ['fl-h', 20, 10],
    ['w-10:w-4', 4, 2],
  ])('keeps every frame of an animation through %s (%ix%i per frame)', async (chain, width, height) => {
    const { body, metadata } = await renderChain(animated, `${chain},f-webp`);
    // sharp reports the height of one frame for animated images.
    expect([metadata.width, metadata.height, metadata.pages]).toEqual([width, height, 3]);
    const lastFrame = await sharp(body, { page: 2 }).png().toBuffer();
    expect(await colourAt(lastFrame, Math.floor(width / 2), Math.floor(height / 2))).toBe('blue');
  });

  it.each(['rt-90', 't-true'])(
    'refuses %s on an animated output with a 400 naming the parameter',
    async (chain) => {
      const parameter = chain.split('-')[0];
      await expect(renderChain(animated, `${chain},f-webp`)).rejects.toMatchObject({
        code: 'EINVALID',
        status: 400,
        message: expect.stringContaining(`"${parameter}"`),
      });
    },
  );

  it('rotates the first frame when the output format cannot animate', async () => {
    expect((await renderChain(animated, 'rt-90,f-png')).metadata).toMatchObject({ width: 10, height: 20 });
  });

  it('keeps only the first frame when the output format cannot animate', async () => {
    const { metadata, body } = await renderChain(animated, 'f-png');
    expect([metadata.pages ?? 1, metadata.height]).toEqual([1, 10]);
    expect(await colourAt(body, 5, 5)).toBe('red');
  });
});

describe('encoder options', () => {
  let noise: Buffer;
  beforeAll(async () => {
    noise = await noisyImage();
  });

  it.each(['f-jpeg', 'f-webp', 'f-avif'])('%s: a lower q gives fewer bytes', async (format) => {
    const [low, high] = await Promise.all([
      renderChain(noise, `${format},q-10`),
      renderChain(noise, `${format},q-90`),
    ]);
    expect(low.body.byteLength).toBeLessThan(high.body.byteLength);
  });

  it("uses the endpoint's default quality when the URL gives none", async () => {
    const [low, high] = await Promise.all([
      renderChain(noise, 'f-jpeg', { settings: { defaultQuality: 10 } }),
      renderChain(noise, 'f-jpeg', { settings: { defaultQuality: 90 } }),
    ]);
    expect(low.body.byteLength).toBeLessThan(high.body.byteLength);
  });

  it.each(['f-webp', 'f-avif'])('%s with lo-true keeps every pixel exactly', async (format) => {
    const original = await sharp(noise).raw().toBuffer();
    const lossless = await renderChain(noise, `${format},lo-true`);
    const lossy = await renderChain(noise, `${format},lo-false`);
    expect((await sharp(lossless.body).raw().toBuffer()).equals(original)).toBe(true);
    expect((await sharp(lossy.body).raw().toBuffer()).equals(original)).toBe(false);
  });

  it.each([
    ['f-jpeg,pr-true', true],
    ['f-jpeg,pr-false', false],
    ['f-jpeg', false],
    ['f-png,pr-true', true],
    ['f-png', false],
  ])('%s sets the progressive/interlaced flag to %s', async (chain, progressive) => {
    expect((await renderChain(jpegPhoto, chain)).metadata.isProgressive).toBe(progressive);
  });
});

describe('metadata and colour profiles', () => {
  it('strips EXIF by default and keeps it with md-true', async () => {
    const withExif = await sharp(await solidImage(20, 20, RED))
      .withExif({ IFD0: { Copyright: 'imgfront test' } })
      .jpeg()
      .toBuffer();
    const stripped = await renderChain(withExif, 'f-jpeg');
    const kept = await renderChain(withExif, 'f-jpeg,md-true');
    expect(stripped.metadata.exif).toBeUndefined();
    expect(kept.metadata.exif?.toString('latin1')).toContain('imgfront test');
  });

  it('converts a Display P3 original to sRGB by default and keeps P3 with cp-true', async () => {
    const p3 = await displayP3Jpeg(20, 20, RED);
    const p3Profile = (await sharp(p3).metadata()).icc;
    const converted = await renderChain(p3, 'f-jpeg');
    const kept = await renderChain(p3, 'f-jpeg,cp-true');
    expect(p3Profile).toBeDefined();
    expect(converted.metadata.icc?.equals(p3Profile ?? Buffer.alloc(0))).toBe(false);
    expect(kept.metadata.icc?.equals(p3Profile ?? Buffer.alloc(0))).toBe(true);
    expect(await colourAt(converted.body, 10, 10)).toBe('red');
  });

  it('turns a CMYK JPEG into an sRGB image with the right colours', async () => {
    const cmyk = await cmykJpeg(20, 20, RED);
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const { metadata, body } = await renderChain(cmyk, 'f-jpeg');
    expect([metadata.space, metadata.channels]).toEqual(['srgb', 3]);
    expect(await colourAt(body, 10, 10)).toBe('red');
  });
});
