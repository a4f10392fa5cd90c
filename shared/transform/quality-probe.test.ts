import { MIN_TILES_FOR_PROBE, PROBE_TILE, probeMosaic, type RawPixels } from './quality-probe';

/** A grey image whose left half is flat (128) and right half a checkerboard of 0 and 255. */
function halfBusy(width: number, height: number): RawPixels {
  const data = Buffer.alloc(width * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      data[y * width + x] = x < width / 2 ? 128 : (x + y) % 2 === 0 ? 0 : 255;
    }
  }
  return { data, width, height, channels: 1 };
}

describe('the q-auto probe mosaic', () => {
  it('is a small grid of whole tiles that keeps flat and busy content in their proportions', () => {
    const pixels = halfBusy(1280, 832); // 20 x 13 tiles
    const mosaic = probeMosaic(pixels);
    expect(mosaic).toBeDefined();
    if (!mosaic) return;
    expect(mosaic.width % PROBE_TILE).toBe(0);
    expect(mosaic.height % PROBE_TILE).toBe(0);
    expect(mosaic.width * mosaic.height).toBeLessThan(pixels.width * pixels.height * 0.1);
    const flat = [...mosaic.data].filter((value) => value === 128).length / mosaic.data.length;
    expect(flat).toBeGreaterThan(0.35);
    expect(flat).toBeLessThan(0.65);
  });

  it('keeps the channel layout and gives the same mosaic for the same pixels', () => {
    const grey = halfBusy(1024, 768);
    const rgb: RawPixels = {
      ...grey,
      data: Buffer.from([...grey.data].flatMap((value) => [value, value, value])),
      channels: 3,
    };
    const [first, second] = [probeMosaic(rgb), probeMosaic(rgb)];
    expect(first?.channels).toBe(3);
    expect(first?.data.byteLength).toBe((first?.width ?? 0) * (first?.height ?? 0) * 3);
    expect(first?.data.equals(second?.data ?? Buffer.alloc(0))).toBe(true);
  });

  it(`is skipped below ${MIN_TILES_FOR_PROBE} tiles, where the search encodes the output itself`, () => {
    expect(probeMosaic(halfBusy(400, 267))).toBeUndefined();
  });
});
