import sharp from 'sharp';
import type { Contender } from './contenders';
import { median } from './cold-start';
import type { LoadGenerator } from './load';
import type { LoadResult } from './load-result';
import { cpuMs, peakRssMb, resetPeakRss } from './process-stats';
import type { Measurement } from './report';
import { PATH_COUNT, type Workload } from './workloads';

export interface MeasureOptions {
  load: LoadGenerator;
  durationSeconds: number;
  rounds: number;
}

/** One request per connection first, so no server is measured while it opens sockets or warms up. */
async function warmUp(url: string, paths: readonly string[], connections: number): Promise<void> {
  await Promise.all(
    paths
      .slice(0, connections)
      .map((path) => fetch(`${url}${path}`).then((response) => response.arrayBuffer())),
  );
}

/** What the workload's first request gets back: size, dimensions, format and frames. */
async function sample(url: string, path: string): Promise<{ bytes: number; output: string }> {
  const response = await fetch(`${url}${path}`);
  const body = Buffer.from(await response.arrayBuffer());
  if (!response.ok) return { bytes: body.byteLength, output: `HTTP ${response.status}` };
  const metadata = await sharp(body, { animated: true }).metadata();
  const height = metadata.pageHeight ?? metadata.height;
  return {
    bytes: body.byteLength,
    output: `${metadata.width}x${height} ${metadata.format} x${metadata.pages ?? 1}`,
  };
}

/**
 * Runs the workload on every server, interleaved over the rounds so drift on a shared machine falls
 * on all alike; rates are the rounds' medians, CPU per request and peak RSS over all rounds.
 */
export async function measureWorkload(
  workload: Workload,
  contenders: readonly Contender[],
  options: MeasureOptions,
): Promise<Measurement[]> {
  const requests = Array.from({ length: PATH_COUNT }, (_, index) => workload.requestFor(index));
  const runs = new Map<Contender, { loads: LoadResult[]; cpu: number; peak: number }>(
    contenders.map((contender) => [contender, { loads: [], cpu: 0, peak: 0 }]),
  );
  for (let round = 0; round < options.rounds; round += 1) {
    for (const contender of contenders) {
      // Unique paths in first-seen order: the same cycle, a shorter plan.
      const paths = [...new Set(requests.map((request) => contender.pathFor(request)))];
      await warmUp(contender.url, paths, workload.connections);
      resetPeakRss(contender.pid);
      const cpuBefore = cpuMs(contender.pid);
      const load = await options.load.run({
        url: contender.url,
        paths,
        connections: workload.connections,
        durationSeconds: options.durationSeconds,
      });
      const run = runs.get(contender);
      if (!run) continue;
      run.cpu += cpuMs(contender.pid) - cpuBefore;
      run.peak = Math.max(run.peak, peakRssMb(contender.pid));
      run.loads.push(load);
    }
  }
  return Promise.all(
    contenders.map(async (contender) => {
      const { loads, cpu, peak } = runs.get(contender) ?? { loads: [], cpu: 0, peak: 0 };
      const first = requests[0];
      const seen = first ? await sample(contender.url, contender.pathFor(first)) : { bytes: 0, output: '' };
      const completed = loads.reduce((sum, load) => sum + load.requests, 0);
      return {
        workload: workload.name,
        server: contender.name,
        requestsPerSecond: median(loads.map((load) => load.requestsPerSecond)),
        p50: median(loads.map((load) => load.p50)),
        p99: median(loads.map((load) => load.p99)),
        errors: loads.reduce((sum, load) => sum + load.errors, 0),
        cpuMsPerRequest: completed > 0 ? cpu / completed : Number.NaN,
        peakRssMb: peak,
        ...seen,
      };
    }),
  );
}
