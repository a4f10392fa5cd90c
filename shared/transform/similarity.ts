import sharp, { type Sharp } from 'sharp';
import type { Rgba } from '../url/transform-spec';

/** RGBA pixels, as ssim.js reads them. */
export interface Pixels {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** Flattens onto `background` (what a page shows under transparency) and reads 8-bit RGBA pixels. */
export async function comparablePixels(image: Sharp, background: Rgba): Promise<Pixels> {
  const { data, info } = await image
    .flatten({ background })
    .ensureAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), ...info };
}

/** ssim.js's integer luma (its default `rgb2grayVersion`). */
function luma({ data, width, height }: Pixels): Uint8Array {
  const grey = new Uint8Array(width * height);
  for (let index = 0; index < grey.length; index += 1) {
    const at = index * 4;
    grey[index] = (77 * (data[at] ?? 0) + 150 * (data[at + 1] ?? 0) + 29 * (data[at + 2] ?? 0) + 128) >> 8;
  }
  return grey;
}

const WINDOW = 11;
const C1 = (0.01 * 255) ** 2;
const C2 = (0.03 * 255) ** 2;

/**
 * Mean SSIM over non-overlapping 11x11 windows (edge windows cut short): ssim.js's Bezkrovny variant
 * with its defaults and `downsample: false`, to within rounding, in one pass over typed arrays. ssim.js
 * copies every window into arrays and took longer than a JPEG encode per probe.
 */
export function bezkrovnySsim(reference: Pixels, candidate: Pixels): number {
  const [x, y] = [luma(reference), luma(candidate)];
  const { width, height } = reference;
  let total = 0;
  let windows = 0;
  for (let top = 0; top < height; top += WINDOW) {
    for (let left = 0; left < width; left += WINDOW) {
      const [right, bottom] = [Math.min(left + WINDOW, width), Math.min(top + WINDOW, height)];
      let [sx, sy, sxx, syy, sxy] = [0, 0, 0, 0, 0];
      for (let row = top; row < bottom; row += 1) {
        for (let at = row * width + left, end = row * width + right; at < end; at += 1) {
          const [a, b] = [x[at] ?? 0, y[at] ?? 0];
          sx += a;
          sy += b;
          sxx += a * a;
          syy += b * b;
          sxy += a * b;
        }
      }
      const n = (right - left) * (bottom - top);
      const [mx, my] = [sx / n, sy / n];
      const [vx, vy, cxy] = [sxx / n - mx * mx, syy / n - my * my, sxy / n - mx * my];
      total += ((2 * mx * my + C1) * (2 * cxy + C2)) / ((mx * mx + my * my + C1) * (vx + vy + C2));
      windows += 1;
    }
  }
  return total / windows;
}

/**
 * SSIM (luma) of an encoded image to reference pixels of the same size, at full resolution:
 * downsampling (ssim.js's default, to 256 px) would hide exactly the block artefacts being judged.
 */
export async function similarity(reference: Pixels, encoded: Buffer, background: Rgba): Promise<number> {
  return bezkrovnySsim(reference, await comparablePixels(sharp(encoded), background));
}
