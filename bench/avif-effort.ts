import sharp from 'sharp';
import { photo } from '../local/demo-images';
import { avifEffortFor } from '../shared/transform/steps/avif-effort';

/**
 * AVIF encoder effort by output size: bytes and encode time of efforts 1 to 4 at quality 80 on a
 * photo-like image, with the effort imgfront picks. Targets: the pick within +10% bytes of effort 4
 * at no more than 0.3x its time. `npx ts-node --transpile-only bench/avif-effort.ts` runs it alone.
 */
const SIZES = [
  [400, 300],
  [800, 600],
  [1200, 900],
  [1600, 1200],
] as const;
const EFFORTS = [1, 2, 3, 4] as const;
const RUNS = Number(process.env.BENCH_AVIF_RUNS ?? 3);

/**
 * A deterministic texture around mid-grey (seeded xorshift, `128 ± amplitude`), upscaled from cells of
 * `cell` pixels: fine and coarse ones together give a photo's grain and blotches.
 */
async function grain(width: number, height: number, cell: number, amplitude: number): Promise<Buffer> {
  const [w, h] = [Math.ceil(width / cell), Math.ceil(height / cell)];
  const noise = Buffer.alloc(w * h);
  let state = 2463534242;
  for (let index = 0; index < noise.length; index += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    noise[index] = 128 - amplitude + ((state >>> 0) % (2 * amplitude + 1));
  }
  return sharp(noise, { raw: { width: w, height: h, channels: 1 } })
    .resize(width, height, { kernel: 'cubic' })
    .png()
    .toBuffer();
}

/** The demo landscape with fine and coarse grain overlaid: flat SVG areas would flatter AVIF. */
export async function photoLike(width: number, height: number): Promise<Buffer> {
  const [fine, coarse] = await Promise.all([grain(width, height, 3, 20), grain(width, height, 40, 60)]);
  return sharp(await photo(width, height))
    .composite([
      { input: fine, blend: 'soft-light' },
      { input: coarse, blend: 'overlay' },
    ])
    .jpeg({ quality: 90 })
    .toBuffer();
}

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

export interface EffortRow {
  size: string;
  effort: number;
  bytes: number;
  ms: number;
}

/** Encodes each size at each effort `RUNS` times, interleaved, from pixels already resized. */
export async function measureAvifEfforts(): Promise<EffortRow[]> {
  const original = await photoLike(4000, 3000);
  const rows: EffortRow[] = [];
  for (const [width, height] of SIZES) {
    const { data, info } = await sharp(original)
      .resize(width, height)
      .raw()
      .toBuffer({ resolveWithObject: true });
    const pixels = () => sharp(data, { raw: { width, height, channels: info.channels } });
    const times = new Map<number, number[]>(EFFORTS.map((effort) => [effort, []]));
    const bytes = new Map<number, number>();
    for (let run = 0; run < RUNS; run += 1) {
      for (const effort of EFFORTS) {
        const startedAt = performance.now();
        const encoded = await pixels().avif({ quality: 80, effort }).toBuffer();
        times.get(effort)?.push(performance.now() - startedAt);
        bytes.set(effort, encoded.byteLength);
      }
    }
    for (const effort of EFFORTS)
      rows.push({
        size: `${width}x${height}`,
        effort,
        bytes: bytes.get(effort) ?? NaN,
        ms: median(times.get(effort) ?? []),
      });
  }
  return rows;
}

export async function reportAvifEfforts(): Promise<void> {
  const rows = await measureAvifEfforts();
  console.log(`\nAVIF effort by output size (quality 80, photo-like 4000x3000 source, median of ${RUNS})\n`);
  console.table(
    rows.map((row) => {
      const [width = 0, height = 0] = row.size.split('x').map(Number);
      const four = rows.find((other) => other.size === row.size && other.effort === 4);
      return {
        ...row,
        ms: row.ms.toFixed(0),
        'bytes/effort4': four ? (row.bytes / four.bytes).toFixed(3) : '',
        'time/effort4': four ? (row.ms / four.ms).toFixed(2) : '',
        chosen: avifEffortFor({ width, height }) === row.effort ? 'yes' : '',
      };
    }),
  );
}

if (require.main === module) void reportAvifEfforts();
