import sharp, { type Sharp } from 'sharp';
import type { Background, BlurredBackground } from '../../url/transform-spec';
import type { Padding, Size } from '../geometry';
import { blurSigma } from './apply-effects';

/** The background when it fills padding from the image itself (blurred or dominant), else undefined. */
export function paddingFill(background: Background | undefined): BlurredBackground | 'dominant' | undefined {
  if (background === undefined || background === 'dominant') return background;
  return 'r' in background ? undefined : background;
}

/** `auto` blur: about a twentieth of the output's longer side, on the `bl` scale (1-100). */
const autoIntensity = (output: Size) =>
  Math.min(100, Math.max(1, Math.round(Math.max(output.width, output.height) / 20)));

/**
 * `cm-pad_resize` with `bg-blurred` or `bg-dominant`: pads the resized image (true pixels, `inner`) to
 * `output` with a blurred, cover-scaled copy of itself, or with its dominant colour.
 */
export async function fillPadding(
  image: Sharp,
  inner: Size,
  pad: Padding,
  output: Size,
  fill: BlurredBackground | 'dominant',
): Promise<Sharp> {
  if (fill === 'dominant') {
    const { dominant } = await image.stats();
    return image.extend({ ...pad, background: { ...dominant, alpha: 1 } });
  }
  const { data, info } = await image.clone().raw().toBuffer({ resolveWithObject: true });
  const raw = { width: inner.width, height: inner.height, channels: info.channels };
  const intensity = fill.intensity === 'auto' ? autoIntensity(output) : fill.intensity;
  const backdrop = sharp(data, { raw }).resize({ ...output, fit: 'cover' });
  if (intensity > 0) backdrop.blur(blurSigma(intensity));
  const { data: backdropPixels } = await backdrop
    .linear(1, fill.brightness)
    .raw()
    .toBuffer({ resolveWithObject: true });
  return sharp(backdropPixels, { raw: { ...output, channels: info.channels } }).composite([
    { input: data, raw, left: pad.left, top: pad.top },
  ]);
}
