import sharp, { type Sharp } from 'sharp';
import { limit } from '../../errors/image-error';
import type { Shadow } from '../../url/transform-spec';
import type { Size } from '../geometry';

/** ImageKit draws shadows on images of at most 2 MP ("400 - Bad Request" beyond). */
export const MAX_SHADOW_PIXELS = 2_000_000;
/** `bl` 0-15 mapped onto a Gaussian sigma: 15 is a soft shadow a few percent of a 1 MP image wide. */
const SIGMA_PER_BLUR_STEP = 1;

/**
 * `e-shadow`: a black shadow shaped like the image's non-transparent pixels, blurred by `bl`, as dark
 * as `st` percent, shifted by `x`/`y` percent of the image width (both, as ImageKit documents), and
 * drawn behind the image on a canvas of the same size.
 */
export async function castShadow(image: Sharp, size: Size, shadow: Shadow): Promise<Sharp> {
  const { width, height } = size;
  if (width * height > MAX_SHADOW_PIXELS) {
    throw limit('Parameter "e-shadow" is available for images up to 2 megapixels: resize first');
  }
  const raw = { width, height, channels: 4 as const };
  const pixels = await image.ensureAlpha().raw().toBuffer();
  // sharp runs its operations in a fixed order, so each stage below is a pipeline of its own.
  let alpha = sharp(pixels, { raw }).extractChannel(3);
  if (shadow.blur > 0) alpha = alpha.blur(shadow.blur * SIGMA_PER_BLUR_STEP);
  // One band in, one band out: without `b-w`, sharp writes a single band back out as sRGB.
  const blurred = await alpha.toColourspace('b-w').raw().toBuffer();
  const darkness = await sharp(blurred, { raw: { width, height, channels: 1 } })
    .linear(shadow.saturation / 100, 0)
    .toColourspace('b-w')
    .raw()
    .toBuffer();
  const silhouette = await sharp({ create: { width, height, channels: 3, background: '#000000' } })
    .joinChannel(darkness, { raw: { width, height, channels: 1 } })
    .raw()
    .toBuffer();

  const dx = Math.round((shadow.x / 100) * width);
  const dy = Math.round((shadow.y / 100) * width);
  const extended = await sharp(silhouette, { raw })
    .extend({
      top: Math.max(dy, 0),
      bottom: Math.max(-dy, 0),
      left: Math.max(dx, 0),
      right: Math.max(-dx, 0),
      background: { r: 0, g: 0, b: 0, alpha: 0 },
    })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const shifted = await sharp(extended.data, {
    raw: { ...raw, width: extended.info.width, height: extended.info.height },
  })
    .extract({ left: Math.max(-dx, 0), top: Math.max(-dy, 0), width, height })
    .raw()
    .toBuffer();
  return sharp(shifted, { raw }).composite([{ input: pixels, raw, blend: 'over' }]);
}
