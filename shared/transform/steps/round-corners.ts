import type { Sharp } from 'sharp';
import type { Size } from '../geometry';

/**
 * `r-<n>` / `r-max`: keeps the pixels inside a rounded rectangle (an ellipse for `max`) and makes the
 * corners transparent; JPEG output later flattens them onto the background. A radius larger than half
 * the shorter side is clamped, so corners stay circular, as CSS does.
 */
export function roundCorners(image: Sharp, size: Size, radius: number | 'max'): Sharp {
  const { width, height } = size;
  const rx = radius === 'max' ? width / 2 : Math.min(radius, width / 2, height / 2);
  const ry = radius === 'max' ? height / 2 : rx;
  const mask = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      `<rect width="${width}" height="${height}" rx="${rx}" ry="${ry}"/></svg>`,
  );
  return image.ensureAlpha().composite([{ input: mask, blend: 'dest-in' }]);
}
