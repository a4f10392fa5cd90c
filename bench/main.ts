import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportAvifEfforts } from './avif-effort';
import { buildPrograms } from './build';
import { measureColdStart } from './cold-start';
import {
  startImgfront,
  startIpx,
  startProcess,
  startRawSharp,
  type Contender,
  type Origins,
} from './contenders';
import { ensureCorpus } from './corpus';
import { compareLayers } from './layers';
import { startLoadGenerator, type LoadGenerator } from './load';
import { measureWorkload, type MeasureOptions } from './measure';
import { qualityBound } from './quality-bound';
import { qualityTable } from './quality-table';
import { printRatios, printStartup, printWorkload, type Measurement } from './report';
import { tuneImgfront } from './tune';
import { workloads, workloadTitle } from './workloads';

/**
 * `npm run bench [-- --quick]`: imgfront (through `imgfront serve`), a minimal raw-sharp proxy and ipx,
 * each in its own process, on one generated corpus behind HTTP origins at 0 and 30 ms, loaded from
 * another process. Prints per-workload figures, the ratios with the targets, start-up and the
 * transform bundle's init time, then the q-auto bytes table (`quality-table.ts`); a full run adds the
 * layers row and the AVIF efforts. `--tune` instead compares imgfront's sharp and libuv settings
 * (`bench/tune.ts`); `--quality` prints only the q-auto table and its bound.
 * `BENCH_SECONDS`, `BENCH_ROUNDS` and `BENCH_CONCURRENCY` tune it.
 */
const quick = process.argv.includes('--quick');
const tune = process.argv.includes('--tune');
const qualityOnly = process.argv.includes('--quality');
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? (quick ? 2 : tune ? 3 : 5));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (quick ? 1 : 2));

/** The three servers on every workload, then the ratios, start-up and the layers row. */
async function compare(
  programs: Awaited<ReturnType<typeof buildPrograms>>,
  origins: Origins,
  scratch: string,
  load: LoadGenerator,
): Promise<void> {
  // One at a time, so each start-up time is its own.
  const contenders: Contender[] = [];
  try {
    contenders.push(await startImgfront(programs, origins, scratch));
    contenders.push(await startRawSharp(programs, origins));
    contenders.push(await startIpx(programs, origins));
    const options: MeasureOptions = { load, durationSeconds: DURATION_SECONDS, rounds: ROUNDS };
    const list = workloads(quick);
    console.log(
      `imgfront bench${quick ? ' --quick' : ''}: ${list.length} workloads x ${contenders.length} servers, ` +
        `${ROUNDS} interleaved round(s) of ${DURATION_SECONDS} s, load by ${load.name} in its own process`,
    );
    const measurements: Measurement[] = [];
    for (const workload of list) {
      const rows = await measureWorkload(workload, contenders, options);
      printWorkload(workloadTitle(workload), rows);
      measurements.push(...rows);
    }
    printRatios(
      measurements,
      list.map((workload) => workload.name),
    );
    printStartup(contenders, await measureColdStart(programs.transformHandler, quick ? 3 : 5));
    const imgfront = contenders[0];
    if (!quick && imgfront) await compareLayers(imgfront, options, 8);
  } finally {
    await Promise.all(contenders.map((contender) => contender.stop()));
  }
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  if (qualityOnly) {
    await qualityTable();
    await qualityBound();
    return;
  }
  const scratch = mkdtempSync(join(tmpdir(), 'imgfront-bench-'));
  const [programs, corpus] = await Promise.all([buildPrograms(), ensureCorpus()]);
  const origin0 = await startProcess(programs.origin, [corpus, '0']);
  const origin30 = await startProcess(programs.origin, [corpus, '30']);
  const origins = { 0: origin0.url, 30: origin30.url };
  const load = startLoadGenerator({ scratch, autocannonBundle: programs.autocannon });
  try {
    if (tune) {
      console.log(
        `imgfront bench --tune: ${ROUNDS} interleaved round(s) of ${DURATION_SECONDS} s, load by ${load.name}`,
      );
      await tuneImgfront(programs, origins, scratch, {
        load,
        durationSeconds: DURATION_SECONDS,
        rounds: ROUNDS,
      });
    } else {
      await compare(programs, origins, scratch, load);
    }
  } finally {
    load.close();
    origin0.child.kill('SIGTERM');
    origin30.child.kill('SIGTERM');
    rmSync(scratch, { recursive: true, force: true });
  }
  if (!tune) await qualityTable();
  if (quick) {
    console.log(
      '\n--quick: layers, the q-auto bound and AVIF efforts skipped (run without --quick for them)',
    );
  } else if (!tune) {
    await qualityBound();
    await reportAvifEfforts();
  }
  console.log(`\nbench finished in ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
