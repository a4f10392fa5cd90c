/** Raw pixels with their layout, as sharp's `raw()` gives them. */
export interface RawPixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

/**
 * The bounding box of the pixels within `tolerance` of `colour` on every colour channel, or undefined
 * when there are none: how the Rekognition stub finds a painted "face" and how tests find a layer.
 */
export function colourBox(
  { data, width, height, channels }: RawPixels,
  colour: { r: number; g: number; b: number },
  tolerance: number,
): { left: number; top: number; width: number; height: number } | undefined {
  let [left, top, right, bottom] = [width, height, -1, -1];
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const offset = (y * width + x) * channels;
      const close =
        Math.abs((data[offset] ?? 0) - colour.r) <= tolerance &&
        Math.abs((data[offset + 1] ?? 0) - colour.g) <= tolerance &&
        Math.abs((data[offset + 2] ?? 0) - colour.b) <= tolerance;
      if (!close) continue;
      [left, top, right, bottom] = [
        Math.min(left, x),
        Math.min(top, y),
        Math.max(right, x),
        Math.max(bottom, y),
      ];
    }
  }
  return right < 0 ? undefined : { left, top, width: right + 1 - left, height: bottom + 1 - top };
}
