import sharp from 'sharp';
import { createDeadline } from '../runtime/deadline';
import { photo } from '../../local/demo-images';
import { noisyImage } from '../../test/support/images';
import { renderChain } from '../../test/support/render-chain';
import { comparablePixels, similarity } from './similarity';
import { encodeAtPerceptualQuality } from './perceptual-quality';
import { planOutput } from './output-plan';
import { endpointSettingsSchema } from '../registry/endpoint-schema';
import { readSourceInfo } from './source-info';
import { DEFAULT_LIMITS } from '../config/config';
import { parseChain } from '../url/chain';
import { WHITE } from './geometry';
import { AUTO_QUALITY_DEFAULTS } from '../registry/encoder-settings';

/** Endpoint settings with `autoQuality` overrides on the defaults. */
const autoQuality = (overrides: {
  target?: number;
  minQuality?: number;
  maxQuality?: number;
  maxEncodes?: number;
}) => ({
  autoQuality: { ...AUTO_QUALITY_DEFAULTS, ...overrides },
});

/** SSIM of an answer to the original resized to the answer's size, measured independently of the search. */
async function scoreAgainstSource(original: Buffer, body: Buffer): Promise<number> {
  const { width = 0, height = 0 } = await sharp(body).metadata();
  const reference = await comparablePixels(sharp(original).resize(width, height, { fit: 'fill' }), WHITE);
  return similarity(reference, body, WHITE);
}

describe('q-auto', () => {
  let landscape: Buffer;
  beforeAll(async () => {
    landscape = await photo(600, 400);
  });

  it.each(['f-jpeg', 'f-webp', 'f-avif'])(
    '%s: fewer bytes than q-100, at or above the SSIM target, in at most maxEncodes encodes',
    async (format) => {
      const target = 0.98;
      const settings = autoQuality({ target, minQuality: 30, maxQuality: 90, maxEncodes: 4 });
      const [auto, best] = await Promise.all([
        renderChain(landscape, `w-400,${format},q-auto`, { settings }),
        renderChain(landscape, `w-400,${format},q-100`, { settings }),
      ]);
      expect(auto.metadata.width).toBe(400);
      expect(auto.body.byteLength).toBeLessThan(best.body.byteLength);
      expect(auto.perceptual?.encodes).toBeLessThanOrEqual(4);
      expect(auto.perceptual?.quality).toBeGreaterThanOrEqual(30);
      expect(auto.perceptual?.quality).toBeLessThan(90);
      expect(await scoreAgainstSource(landscape, auto.body)).toBeGreaterThanOrEqual(target - 0.005);
    },
  );

  // mozjpeg's SSIM-tuned table pays on busy images, where the bytes are (on smooth ones at low qualities
  // it can score a little lower at the same number, and the search then picks a higher one).
  it('a busy JPEG gets fewer bytes than a fixed q- at the quality it chose, at no lower SSIM', async () => {
    const original = await noisyImage(600, 400);
    const auto = await renderChain(original, 'w-400,f-jpeg,q-auto');
    const fixed = await renderChain(original, `w-400,f-jpeg,q-${auto.perceptual?.quality ?? 0}`);
    expect(auto.body.byteLength).toBeLessThan(fixed.body.byteLength);
    expect(await scoreAgainstSource(original, auto.body)).toBeGreaterThanOrEqual(
      (await scoreAgainstSource(original, fixed.body)) - 0.001,
    );
  });

  it('a higher target chooses a higher quality and more bytes', async () => {
    const at = (target: number) =>
      renderChain(landscape, 'w-400,f-webp,q-auto', { settings: autoQuality({ target }) });
    const [loose, strict] = await Promise.all([at(0.95), at(0.995)]);
    expect(loose.perceptual?.quality).toBeLessThan(strict.perceptual?.quality ?? 0);
    expect(loose.body.byteLength).toBeLessThan(strict.body.byteLength);
  });

  it('gives the same bytes for the same URL and original', async () => {
    const [first, second] = await Promise.all([
      renderChain(landscape, 'w-300,f-jpeg,q-auto'),
      renderChain(landscape, 'w-300,f-jpeg,q-auto'),
    ]);
    expect(first.body.equals(second.body)).toBe(true);
  });

  it('settings.quality "auto" applies when the URL names no quality; a URL number wins', async () => {
    const settings = { quality: 'auto' as const };
    const auto = await renderChain(landscape, 'w-300,f-webp', { settings });
    expect(auto.perceptual?.quality).toBeDefined();
    const fixed = await renderChain(landscape, 'w-300,f-webp,q-70', { settings });
    expect(fixed.perceptual).toBeUndefined();
    expect(fixed.output.quality).toBe(70);
  });

  it('is ignored by PNG, GIF and lossless outputs', async () => {
    for (const chain of ['f-png,q-auto', 'f-gif,q-auto', 'f-webp,lo-true,q-auto']) {
      const rendered = await renderChain(await noisyImage(), chain);
      expect(rendered.perceptual).toBeUndefined();
    }
  });

  it('on large outputs searches a probe mosaic, then encodes once: a busy image gets a higher quality', async () => {
    const settings = autoQuality({ target: 0.97, maxEncodes: 5 });
    const [smooth, busy] = await Promise.all([
      renderChain(await photo(1600, 1200), 'w-1000,f-webp,q-auto', { settings }),
      renderChain(await noisyImage(1600, 1200), 'w-1000,f-webp,q-auto', { settings }),
    ]);
    expect(smooth.metadata.width).toBe(1000);
    expect(smooth.perceptual?.encodes).toBeLessThanOrEqual(5);
    expect(busy.perceptual?.encodes).toBeLessThanOrEqual(5);
    expect(busy.perceptual?.quality).toBeGreaterThan(smooth.perceptual?.quality ?? 100);
    // The mosaic's verdict holds for the whole output, measured independently.
    expect(await scoreAgainstSource(await photo(1600, 1200), smooth.body)).toBeGreaterThanOrEqual(
      0.97 - 0.01,
    );
  });

  it('stops with ETIMEDOUT once the deadline has passed, before another encode', async () => {
    const limits = DEFAULT_LIMITS;
    const steps = parseChain('w-200,f-jpeg,q-auto');
    const settings = endpointSettingsSchema.parse({});
    const source = await readSourceInfo(landscape, limits);
    const plan = planOutput(steps, source, '', settings);
    const deadline = createDeadline(1);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const autoQuality = plan.autoQuality ?? settings.autoQuality;
    await expect(
      encodeAtPerceptualQuality(sharp(landscape).resize(200), { ...plan, autoQuality }, false, deadline),
    ).rejects.toMatchObject({ code: 'ETIMEDOUT' });
  });
});
