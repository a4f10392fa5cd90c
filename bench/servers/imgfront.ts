import sharp from 'sharp';
import { runCli } from '../../cli/main';
import { configureSharp } from '../../shared/transform/sharp-setup';

/**
 * `bench --tune` only: `BENCH_SHARP_CONCURRENCY` (threads per pipeline) and `BENCH_SHARP_CACHE` (`off`, or
 * `sharp` for sharp's own defaults) replace imgfront's sharp settings. imgfront's setup runs first, so
 * its own call at composition is a no-op and the overrides stay.
 */
function applyTuning(): void {
  const concurrency = process.env.BENCH_SHARP_CONCURRENCY;
  const cache = process.env.BENCH_SHARP_CACHE;
  if (concurrency === undefined && cache === undefined) return;
  configureSharp();
  if (concurrency !== undefined) sharp.concurrency(Number(concurrency));
  if (cache === 'off') sharp.cache(false);
  if (cache === 'sharp') sharp.cache({ memory: 50, files: 20, items: 100 });
}

/** `imgfront <args>` as a bundled program, the way a published package runs it (no ts-node). */
applyTuning();
void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
