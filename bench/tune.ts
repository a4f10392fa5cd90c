import type { BenchPrograms } from './build';
import { startImgfront, type Contender, type ImgfrontVariant, type Origins } from './contenders';
import { measureWorkload, type MeasureOptions } from './measure';
import { printWorkload, type Measurement } from './report';
import { workloads, workloadTitle } from './workloads';

/**
 * imgfront's sharp and libuv settings against one change each (`shared/transform/sharp-setup.ts` holds
 * the current ones): threads per pipeline, libvips' operation cache and libuv's pool, which runs sharp's
 * pipelines (one at a time per pool thread).
 */
const VARIANTS: readonly ImgfrontVariant[] = [
  { name: 'current', env: {} },
  { name: 'threads 1', env: { IMGFRONT_SHARP_THREADS: '1' } },
  { name: 'threads 2', env: { IMGFRONT_SHARP_THREADS: '2' } },
  { name: 'cache off', env: { BENCH_SHARP_CACHE: 'off' } },
  { name: "cache sharp's default", env: { BENCH_SHARP_CACHE: 'sharp' } },
  { name: 'UV_THREADPOOL_SIZE=2', env: { UV_THREADPOOL_SIZE: '2' } },
  { name: 'UV_THREADPOOL_SIZE=8', env: { UV_THREADPOOL_SIZE: '8' } },
];

const TUNED_WORKLOADS = [
  'one URL repeated',
  'distinct widths',
  '4000x3000 -> 400 px WebP',
  '4000x3000 -> 400 px AVIF',
];

const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

/** Each variant against `current`: throughput, p50 and peak RSS ratios per workload. */
function printVariantRatios(measurements: readonly Measurement[]): void {
  const find = (workload: string, server: string) =>
    measurements.find((row) => row.workload === workload && row.server === server);
  const rows = VARIANTS.slice(1).map((variant) => {
    const cells = TUNED_WORKLOADS.flatMap((workload) => {
      const [base, row] = [find(workload, 'current'), find(workload, variant.name)];
      if (!base || !row) return [];
      return [
        [`${workload}: req/s`, fixed(row.requestsPerSecond / base.requestsPerSecond)],
        [`${workload}: peak RSS`, fixed(row.peakRssMb / base.peakRssMb)],
      ];
    });
    return [variant.name, Object.fromEntries(cells)];
  });
  console.log('\nTuning: each variant / current (same run; req/s higher is better, RSS lower)\n');
  console.table(Object.fromEntries(rows));
}

/** `npm run bench -- --tune`: every variant in its own imgfront process, interleaved on each workload. */
export async function tuneImgfront(
  programs: BenchPrograms,
  origins: Origins,
  scratch: string,
  options: MeasureOptions,
): Promise<void> {
  const variants: Contender[] = [];
  try {
    for (const variant of VARIANTS) variants.push(await startImgfront(programs, origins, scratch, variant));
    const measurements: Measurement[] = [];
    for (const workload of workloads(true).filter((item) => TUNED_WORKLOADS.includes(item.name))) {
      const rows = await measureWorkload(workload, variants, options);
      printWorkload(`${workloadTitle(workload)}, imgfront variants`, rows);
      measurements.push(...rows);
    }
    printVariantRatios(measurements);
  } finally {
    await Promise.all(variants.map((variant) => variant.stop()));
  }
}
