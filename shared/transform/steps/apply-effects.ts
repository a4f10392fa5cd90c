import type { Sharp } from 'sharp';
import type { TransformStep } from '../../url/transform-spec';
import { unsharpMaskOptions } from './unsharp-mask';

/** Blur 1-100 maps onto a Gaussian sigma; sharp needs at least 0.3. */
export const blurSigma = (amount: number) => Math.max(0.3, amount / 2);

/** Flip, blur, sharpen, unsharp mask, contrast and grayscale: per-pixel effects that never change the size. */
export function applyEffects(image: Sharp, step: TransformStep): Sharp {
  if (step.flip === 'h' || step.flip === 'h_v') image.flop();
  if (step.flip === 'v' || step.flip === 'h_v') image.flip();
  if (step.blur !== undefined) image.blur(blurSigma(step.blur));
  if (step.sharpen === true) image.sharpen();
  else if (step.sharpen !== undefined) image.sharpen({ sigma: step.sharpen });
  if (step.unsharpMask) image.sharpen(unsharpMaskOptions(step.unsharpMask));
  if (step.contrast) image.normalise();
  if (step.grayscale) image.grayscale();
  return image;
}
