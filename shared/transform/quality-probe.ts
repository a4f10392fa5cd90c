/** Raw interleaved 8-bit pixels, as sharp's `raw()` gives them. */
export interface RawPixels {
  data: Buffer;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

/** Tile side: a multiple of 16, so JPEG MCUs and WebP macroblocks fall where they do in the full image. */
export const PROBE_TILE = 64;
/** Share of the tiles the probe keeps: the search's encodes then cost a fraction of a full one each. */
export const PROBE_SHARE = 0.06;
/** Below this many tiles a probe saves little, and the search runs on the whole output instead. */
export const MIN_TILES_FOR_PROBE = 48;

/** Luma variance of one tile, from every other pixel of every other row (ranking needs no more). */
function tileVariance(pixels: RawPixels, left: number, top: number): number {
  const { data, width, channels } = pixels;
  let sum = 0;
  let squares = 0;
  let count = 0;
  for (let y = top; y < top + PROBE_TILE; y += 2) {
    for (let x = left; x < left + PROBE_TILE; x += 2) {
      const at = (y * width + x) * channels;
      const luma =
        channels >= 3
          ? 0.299 * (data[at] ?? 0) + 0.587 * (data[at + 1] ?? 0) + 0.114 * (data[at + 2] ?? 0)
          : (data[at] ?? 0);
      sum += luma;
      squares += luma * luma;
      count += 1;
    }
  }
  const mean = sum / count;
  return squares / count - mean * mean;
}

/**
 * A small stand-in for the output that `q-auto` can afford to encode several times: whole tiles taken
 * at evenly spaced ranks of luma variance (flat sky to busiest texture, in the proportions the image
 * has them), laid out in a near-square grid. Its SSIM at a quality tracks the full output's (see
 * `bench/quality-table.ts`). Undefined when the output is too small to be worth sampling.
 */
export function probeMosaic(pixels: RawPixels): RawPixels | undefined {
  const across = Math.floor(pixels.width / PROBE_TILE);
  const down = Math.floor(pixels.height / PROBE_TILE);
  if (across * down < MIN_TILES_FOR_PROBE) return undefined;

  const tiles: { left: number; top: number; variance: number }[] = [];
  for (let row = 0; row < down; row += 1) {
    for (let column = 0; column < across; column += 1) {
      const [left, top] = [column * PROBE_TILE, row * PROBE_TILE];
      tiles.push({ left, top, variance: tileVariance(pixels, left, top) });
    }
  }
  tiles.sort((a, b) => a.variance - b.variance || a.top - b.top || a.left - b.left);

  const wanted = Math.max(4, Math.round(tiles.length * PROBE_SHARE));
  const columns = Math.ceil(Math.sqrt(wanted));
  const rows = Math.ceil(wanted / columns);
  const count = columns * rows;
  const { channels } = pixels;
  const mosaic = Buffer.alloc(columns * PROBE_TILE * rows * PROBE_TILE * channels);
  const rowBytes = PROBE_TILE * channels;
  for (let index = 0; index < count; index += 1) {
    // The middle of each of `count` equal rank bands.
    const tile = tiles[Math.floor(((index + 0.5) * tiles.length) / count)];
    if (!tile) continue;
    const [left, top] = [(index % columns) * PROBE_TILE, Math.floor(index / columns) * PROBE_TILE];
    for (let y = 0; y < PROBE_TILE; y += 1) {
      const from = ((tile.top + y) * pixels.width + tile.left) * channels;
      const to = ((top + y) * columns * PROBE_TILE + left) * channels;
      pixels.data.copy(mosaic, to, from, from + rowBytes);
    }
  }
  return { data: mosaic, width: columns * PROBE_TILE, height: rows * PROBE_TILE, channels };
}
