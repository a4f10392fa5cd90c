import type { Sharp } from 'sharp';
import { limit } from '../../errors/image-error';
import type { Border } from '../../url/transform-spec';
import type { Size } from '../geometry';

/** `b-<width>_<colour>`: a frame added outside the image, refused when it would pass the output cap. */
export function addBorder(
  image: Sharp,
  size: Size,
  border: Border,
  maxOutput: Size,
): { image: Sharp; size: Size } {
  const framed = { width: size.width + 2 * border.width, height: size.height + 2 * border.width };
  if (framed.width > maxOutput.width || framed.height > maxOutput.height) {
    throw limit(`The border would exceed the maximum of ${maxOutput.width}x${maxOutput.height} pixels`);
  }
  const { width, colour } = border;
  return {
    image: image.extend({ top: width, bottom: width, left: width, right: width, background: colour }),
    size: framed,
  };
}
