import sharp from 'sharp';
import { AUTO_QUALITY_DEFAULTS, AUTO_QUALITY_TARGETS } from '../shared/registry/encoder-settings';
import { WHITE } from '../shared/transform/geometry';
import { comparablePixels, similarity, type Pixels } from '../shared/transform/similarity';
import { renderChain } from '../test/support/render-chain';
import { qualityCorpus } from './quality-corpus';

/**
 * The bytes table: `q-auto` against fixed `q-80` on a generated photo corpus, WebP and JPEG at 1200 px,
 * with each answer's SSIM to the same unencoded output (`referenceFor`) and its render time (decode, resize, encode,
 * and for `q-auto` the search; the fastest of three). Run alone with `npx ts-node --transpile-only bench/quality-table.ts`.
 */
const WIDTH = 1200;
/** `BENCH_QUALITY_TARGET=0.97` measures another SSIM target than the per-format defaults. */
const TARGET = process.env.BENCH_QUALITY_TARGET ? Number(process.env.BENCH_QUALITY_TARGET) : undefined;

/**
 * The pristine reference both answers are judged against: the same chain rendered losslessly (PNG), so
 * the pixels are exactly those the encoder received, before any lossy step.
 */
async function referenceFor(original: Buffer): Promise<Pixels> {
  const unencoded = await renderChain(original, `w-${WIDTH},f-png`);
  return comparablePixels(sharp(unencoded.body), WHITE);
}

/** Renders per measurement: the fastest counts, since other work on the machine only ever adds time. */
const RUNS = 3;

async function measure(original: Buffer, reference: Pixels, chain: string) {
  const autoQuality = { ...AUTO_QUALITY_DEFAULTS, target: TARGET };
  const render = () => renderChain(original, chain, { settings: { autoQuality } });
  let ms = Infinity;
  let rendered = await render(); // warm-up
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    rendered = await render();
    ms = Math.min(ms, performance.now() - started);
  }
  return {
    bytes: rendered.body.byteLength,
    ssim: await similarity(reference, rendered.body, WHITE),
    ms,
    quality: rendered.perceptual?.quality,
  };
}

export async function qualityTable(): Promise<void> {
  const images = await qualityCorpus();
  const rows: Record<string, string | number>[] = [];
  const totals: Record<
    string,
    {
      fixed: number;
      auto: number;
      fixedMs: number;
      autoMs: number;
      fixedSsim: number[];
      autoSsim: number[];
      ratios: number[];
    }
  > = {};
  for (const format of ['webp', 'jpeg']) {
    const total = (totals[format] = {
      fixed: 0,
      auto: 0,
      fixedMs: 0,
      autoMs: 0,
      fixedSsim: [] as number[],
      autoSsim: [] as number[],
      ratios: [] as number[],
    });
    for (const [name, original] of Object.entries(images)) {
      const reference = await referenceFor(original);
      const fixed = await measure(original, reference, `w-${WIDTH},f-${format},q-80`);
      const auto = await measure(original, reference, `w-${WIDTH},f-${format},q-auto`);
      Object.assign(total, {
        fixed: total.fixed + fixed.bytes,
        auto: total.auto + auto.bytes,
        fixedMs: total.fixedMs + fixed.ms,
        autoMs: total.autoMs + auto.ms,
      });
      total.fixedSsim.push(fixed.ssim);
      total.autoSsim.push(auto.ssim);
      total.ratios.push(auto.bytes / fixed.bytes);
      rows.push({
        format,
        image: name,
        'q-80 bytes': fixed.bytes,
        'q-80 ssim': fixed.ssim.toFixed(4),
        'q-80 ms': fixed.ms.toFixed(0),
        'q-auto': `q-${auto.quality}`,
        'auto bytes': auto.bytes,
        'auto ssim': auto.ssim.toFixed(4),
        'auto ms': auto.ms.toFixed(0),
        'bytes auto/q-80': (auto.bytes / fixed.bytes).toFixed(2),
      });
    }
  }
  console.log(
    `\nq-auto (SSIM target ${TARGET ?? JSON.stringify(AUTO_QUALITY_TARGETS)}) against q-80, 2400x1600 -> ${WIDTH} px\n`,
  );
  console.table(rows);
  const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  for (const [format, total] of Object.entries(totals)) {
    console.log(
      `${format}: bytes auto/q-80 ${(total.auto / total.fixed).toFixed(2)}x (target <= 0.80), per-image mean ${mean(total.ratios).toFixed(2)}x  ` +
        `mean ssim ${mean(total.autoSsim).toFixed(4)} vs ${mean(total.fixedSsim).toFixed(4)}  ` +
        `min ssim ${Math.min(...total.autoSsim).toFixed(4)} vs ${Math.min(...total.fixedSsim).toFixed(4)}  ` +
        `render time ${(total.autoMs / total.fixedMs).toFixed(2)}x (target <= 2x)`,
    );
  }
}

if (require.main === module) {
  qualityTable().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
