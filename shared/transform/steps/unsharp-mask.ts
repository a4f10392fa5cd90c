import type { SharpenOptions } from 'sharp';
import type { UnsharpMask } from '../../url/transform-spec';

/** libvips' smallest useful sigma (sharp refuses 0). */
const MIN_SIGMA = 0.3;
/** Lightness in libvips' sharpen runs 0-100: a limit of 100 never clips, as ImageMagick's unsharp does not. */
const NO_CLAMP = 100;

/**
 * ImageMagick's unsharp mask (ImageKit's `e-usm`) in libvips' terms: sharpen by `amount` where the
 * difference to the blurred image exceeds `threshold` (a fraction of full intensity, so times 100 in
 * lightness), nothing below it. A sigma of 0 means "from the radius", as in ImageMagick (radius ~ 2 sigma).
 */
export function unsharpMaskOptions({ radius, sigma, amount, threshold }: UnsharpMask): SharpenOptions {
  return {
    sigma: Math.max(MIN_SIGMA, sigma > 0 ? sigma : radius / 2),
    m1: 0,
    m2: amount,
    x1: threshold * 100,
    y2: NO_CLAMP,
    y3: NO_CLAMP,
  };
}
