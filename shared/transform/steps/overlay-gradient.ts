import type { Sharp } from 'sharp';
import type { Gradient, Rgba } from '../../url/transform-spec';
import type { Size } from '../geometry';

/** Premultiplied channels, so a fade to a transparent colour does not darken on the way (as in CSS). */
const premultiplied = ({ r, g, b, alpha }: Rgba) => [r * alpha, g * alpha, b * alpha, alpha] as const;

/**
 * The gradient as raw RGBA pixels, laid out like CSS `linear-gradient(<angle>deg, from, to <stop>)`:
 * the gradient line runs through the centre at `angle` (0 = towards the top, clockwise) and is as long
 * as the image's extent along it, so `from` is pure in one corner or edge and `to` from the stop on.
 */
export function gradientPixels({ width, height }: Size, gradient: Gradient): Buffer {
  const radians = (gradient.angle * Math.PI) / 180;
  const dx = Math.sin(radians);
  const dy = -Math.cos(radians);
  const length = Math.abs(width * dx) + Math.abs(height * dy);
  const stop = Math.max(gradient.stop <= 1 ? gradient.stop * length : gradient.stop, 1e-6);
  const from = premultiplied(gradient.from);
  const to = premultiplied(gradient.to);
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    // Distance along the line from its start, for the centre of each pixel.
    const rowStart = (0.5 - width / 2) * dx + (y + 0.5 - height / 2) * dy + length / 2;
    for (let x = 0; x < width; x += 1) {
      const t = Math.min(Math.max((rowStart + x * dx) / stop, 0), 1);
      const alpha = from[3] + (to[3] - from[3]) * t;
      const offset = (y * width + x) * 4;
      for (let channel = 0; channel < 3; channel += 1) {
        const value = (from[channel] as number) + ((to[channel] as number) - (from[channel] as number)) * t;
        pixels[offset + channel] = alpha > 0 ? Math.round(value / alpha) : 0;
      }
      pixels[offset + 3] = Math.round(alpha * 255);
    }
  }
  return pixels;
}

/**
 * `e-gradient`: the gradient composited over the image. Transparent parts of the image take the
 * gradient too, which is what ImageKit's "gradient as a background" recipe (the image layered back
 * over its own gradient) relies on.
 */
export function overlayGradient(image: Sharp, size: Size, gradient: Gradient): Sharp {
  const raw = { width: size.width, height: size.height, channels: 4 as const };
  return image.composite([{ input: gradientPixels(size, gradient), raw, blend: 'over' }]);
}
