import sharp, { type Sharp } from 'sharp';
import { ssim } from 'ssim.js';
import type { Rgba } from '../url/transform-spec';

/** RGBA pixels as ssim.js reads them. */
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

/**
 * SSIM (luma) of an encoded image to reference pixels of the same size, at full resolution:
 * ssim.js's default downsampling to 256 px would hide exactly the block artefacts being judged, and
 * its Bezkrovny variant (non-overlapping windows) was the only one fast enough per encode here
 * (~100 ms per megapixel against 500-800 ms for Weber's and 1.2 s for the Gaussian one).
 */
export async function similarity(reference: Pixels, encoded: Buffer, background: Rgba): Promise<number> {
  const candidate = await comparablePixels(sharp(encoded), background);
  return ssim(reference, candidate, { ssim: 'bezkrovny', downsample: false }).mssim;
}
