import sharp from 'sharp';
import { ssim } from 'ssim.js';
import { photo } from '../../local/demo-images';
import { noisyImage } from '../../test/support/images';
import { WHITE } from './geometry';
import { bezkrovnySsim, comparablePixels } from './similarity';

describe('SSIM', () => {
  it.each([
    ['a landscape at JPEG q-30', () => photo(301, 203), 30],
    ['noise at JPEG q-60', () => noisyImage(250, 130), 60],
  ])('matches ssim.js (Bezkrovny, full resolution) on %s', async (_name, make, quality) => {
    const original = await make();
    const encoded = await sharp(original).jpeg({ quality }).toBuffer();
    const [reference, candidate] = await Promise.all([
      comparablePixels(sharp(original), WHITE),
      comparablePixels(sharp(encoded), WHITE),
    ]);
    const expected = ssim(reference, candidate, { ssim: 'bezkrovny', downsample: false }).mssim;
    expect(expected).toBeLessThan(0.999);
    expect(bezkrovnySsim(reference, candidate)).toBeCloseTo(expected, 9);
  });

  it('is 1 for identical pixels', async () => {
    const pixels = await comparablePixels(sharp(await photo(64, 40)), WHITE);
    expect(bezkrovnySsim(pixels, pixels)).toBeCloseTo(1, 12);
  });
});
