import sharp from 'sharp';
import { runCli } from '../../cli/main';
import { configureSharp } from '../../shared/transform/sharp-setup';

/**
 * `bench --tune` only: `BENCH_SHARP_CACHE` (`off`, or `sharp` for sharp's own defaults) replaces
 * imgfront's operation cache. imgfront's setup runs first, so its own call at composition is a no-op
 * and the override stays. (Threads per pipeline are a setting of their own, `IMGFRONT_SHARP_THREADS`.)
 */
function applyTuning(): void {
  const cache = process.env.BENCH_SHARP_CACHE;
  if (cache === undefined) return;
  configureSharp();
  if (cache === 'off') sharp.cache(false);
  if (cache === 'sharp') sharp.cache({ memory: 50, files: 20, items: 100 });
}

/** `imgfront <args>` as a bundled program, the way a published package runs it (no ts-node). */
applyTuning();
void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
