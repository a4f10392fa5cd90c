import type { Contender, ContenderName } from './contenders';

/** What one server did on one workload (rates are medians of the rounds, CPU and RSS over all). */
export interface Measurement {
  workload: string;
  server: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  cpuMsPerRequest: number;
  peakRssMb: number;
  bytes: number;
  /** What came back for the workload's first request: `400x300 webp x1` (frames last). */
  output: string;
}

/**
 * Lambda's arm64 price (us-east-1, first tier) and the transform function's memory. A CPU-bound
 * request's billed duration is taken to equal its CPU time: at 2048 MB Lambda gives about 1.2 vCPU,
 * so one request at a time keeps one of them busy.
 */
const PRICE_PER_GB_SECOND = 0.0000133334;
const PRICE_PER_MILLION_REQUESTS = 0.2;
const LAMBDA_MEMORY_GB = 2;

/** Lambda cost of a million transformations from the CPU time one takes, USD. */
export const lambdaCostPerMillion = (cpuMsPerRequest: number): number =>
  (cpuMsPerRequest / 1000) * LAMBDA_MEMORY_GB * PRICE_PER_GB_SECOND * 1e6 + PRICE_PER_MILLION_REQUESTS;

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '-');
const ratio = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined && b > 0 ? a / b : Number.NaN;

export function printWorkload(name: string, rows: readonly Measurement[]): void {
  console.log(`\n${name}`);
  console.table(
    Object.fromEntries(
      rows.map((row) => [
        row.server,
        {
          'req/s': fixed(row.requestsPerSecond, 1),
          'p50 ms': fixed(row.p50),
          'p99 ms': fixed(row.p99),
          'CPU ms/req': fixed(row.cpuMsPerRequest, 1),
          'peak RSS MB': fixed(row.peakRssMb),
          bytes: row.bytes,
          output: row.output,
          errors: row.errors,
          '$/M on Lambda': fixed(lambdaCostPerMillion(row.cpuMsPerRequest), 2),
        },
      ]),
    ),
  );
}

export function printStartup(
  contenders: readonly Contender[],
  coldStart: { handlerMs: number; sharpMs: number },
): void {
  console.log('\nStart-up (spawn -> first 200) and idle RSS (a second after it)\n');
  console.table(
    Object.fromEntries(
      contenders.map((contender) => [
        contender.name,
        { 'start ms': fixed(contender.startMs), 'idle RSS MB': fixed(contender.idleRssMb) },
      ]),
    ),
  );
  console.log(
    `Transform bundle init (require of the minified Lambda bundle with --enable-source-maps, config and composition, no request): ` +
      `${fixed(coldStart.handlerMs)} ms, of which require('sharp') alone ${fixed(coldStart.sharpMs)} ms`,
  );
}

type Find = (workload: string, server: ContenderName) => Measurement | undefined;

/** A ratio beside its target: `1.07x (target >= 1.00x: met)`. */
function verdict(value: number, target: number, atLeast: boolean): string {
  if (!Number.isFinite(value)) return `${fixed(value, 2)}x`;
  const met = atLeast ? value >= target : value <= target;
  return `${fixed(value, 2)}x (target ${atLeast ? '>=' : '<='} ${fixed(target, 2)}x: ${met ? 'met' : 'missed'})`;
}

/** The ratios imgfront / raw sharp and imgfront / ipx, with the issue's targets (printed, never asserted). */
export function printRatios(measurements: readonly Measurement[], workloads: readonly string[]): void {
  const find: Find = (workload, server) =>
    measurements.find((row) => row.workload === workload && row.server === server);
  console.log('\nRatios (imgfront / other, same run; throughput higher is better, latency and RSS lower)\n');
  console.table(
    Object.fromEntries(
      workloads.map((workload) => {
        const [ours, raw, ipx] = (['imgfront', 'raw sharp', 'ipx'] as const).map((server) =>
          find(workload, server),
        );
        return [
          workload,
          {
            'req/s vs raw': fixed(ratio(ours?.requestsPerSecond, raw?.requestsPerSecond), 2),
            'req/s vs ipx': fixed(ratio(ours?.requestsPerSecond, ipx?.requestsPerSecond), 2),
            'p50 vs raw': fixed(ratio(ours?.p50, raw?.p50), 2),
            'CPU/req vs raw': fixed(ratio(ours?.cpuMsPerRequest, raw?.cpuMsPerRequest), 2),
            'peak RSS vs raw': fixed(ratio(ours?.peakRssMb, raw?.peakRssMb), 2),
            'bytes vs raw': fixed(ratio(ours?.bytes, raw?.bytes), 2),
          },
        ];
      }),
    ),
  );
  printTargets(find, measurements);
}

function printTargets(find: Find, measurements: readonly Measurement[]): void {
  const rps = (workload: string, server: ContenderName) => find(workload, server)?.requestsPerSecond;
  const peak = (server: ContenderName) =>
    Math.max(...measurements.filter((row) => row.server === server).map((row) => row.peakRssMb));
  const lines = ['one URL repeated', 'distinct widths'].flatMap((workload) => [
    `${workload}, throughput vs raw sharp: ${verdict(ratio(rps(workload, 'imgfront'), rps(workload, 'raw sharp')), 1, true)}`,
    `${workload}, throughput vs ipx: ${verdict(ratio(rps(workload, 'imgfront'), rps(workload, 'ipx')), 1.15, true)}`,
  ]);
  const slow = 'distinct widths, same originals, 30 ms origin';
  lines.push(
    `${slow}, throughput vs raw sharp: ${verdict(ratio(rps(slow, 'imgfront'), rps(slow, 'raw sharp')), 1.5, true)}`,
    `peak RSS (highest of any workload) vs raw sharp: ${verdict(ratio(peak('imgfront'), peak('raw sharp')), 1, false)}`,
  );
  const avif = find('4000x3000 -> 400 px AVIF', 'imgfront');
  if (avif !== undefined) {
    // One request at a time, so p50 is one image's time; after the first request the original's
    // shrunk decode is kept (IMGFRONT_DECODED_CACHE_MB=0 measures decode included).
    lines.push(
      `400 px AVIF, one request at a time: p50 ${fixed(avif.p50)} ms, CPU ${fixed(avif.cpuMsPerRequest)} ms/request ` +
        `(target <= 100 ms: ${avif.p50 <= 100 ? 'met' : 'missed'})`,
    );
  }
  lines.push('large AVIF within +10% bytes of effort 4: see the AVIF effort table (full run)');
  console.log(`\nTargets (issue 14)\n${lines.map((line) => `  ${line}`).join('\n')}`);
  console.log(
    `\n$/M on Lambda: CPU ms per request x ${LAMBDA_MEMORY_GB} GB x $${PRICE_PER_GB_SECOND}/GB-s (arm64, us-east-1)` +
      ` + $${PRICE_PER_MILLION_REQUESTS}/M requests; billed time taken as CPU time.`,
  );
}
