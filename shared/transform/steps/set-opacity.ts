import type { Sharp } from 'sharp';
import type { Rgba } from '../../url/transform-spec';
import type { Size } from '../geometry';

/** `o-<0..100>`: multiplies every pixel's alpha by the opacity (already transparent parts get more so). */
export function setOpacity(image: Sharp, size: Size, opacity: number): Sharp {
  const veil = {
    create: { ...size, channels: 4 as const, background: { r: 0, g: 0, b: 0, alpha: opacity / 100 } },
  };
  return image.ensureAlpha().composite([{ input: veil, blend: 'dest-in' }]);
}

/** ImageKit: `o` with `bg` blends the image onto the colour, ignoring the colour's own alpha. */
export const blendOnto = (image: Sharp, background: Rgba): Sharp =>
  image.flatten({ background: { ...background, alpha: 1 } });
