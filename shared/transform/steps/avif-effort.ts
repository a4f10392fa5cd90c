import type { Size } from '../geometry';

/**
 * Outputs up to this many pixels (500x500; a 400 px thumbnail has 0.12 MP) encode at effort 1, larger
 * ones at effort 3. Measured with `npx ts-node --transpile-only bench/avif-effort.ts` (quality 80,
 * photo-like 4000x3000 source, sharp 0.35.5, 2 shared cores), bytes and time against effort 4:
 *
 *   output      effort 2          effort 3          effort 4
 *   400x300     1.234x  0.13x     1.025x  0.21x     16.9 KB  785 ms
 *   800x600     1.142x  0.08x     0.995x  0.13x     60.1 KB  4323 ms
 *   1200x900    1.039x  0.09x     0.983x  0.15x     164 KB   7961 ms
 *   1600x1200   1.026x  0.10x     0.988x  0.19x     300 KB   13836 ms
 *
 * Effort 3 stays within +10% bytes of effort 4 at under 0.3x its time at every size. Small thumbnails
 * (the bulk of requests) encode at effort 1 for latency: at 400x300, effort 1 took 88-119 ms of CPU
 * against effort 2's 123-180 ms for +1.3% bytes (21.2 KB against 20.9 KB; effort 0: 26-37 ms, +14%),
 * and at 500x500 131 against 223 ms for +3.7% (quality 80, the bench's 4000x3000 photo resized, median
 * of 7; the effort table prints effort 1 too). On flat vector-like art (the demo landscape) no
 * effort below 4 gets within +10%: effort 3 was +38% at 1600x1200.
 */
const SMALL_OUTPUT_PIXELS = 250_000;

/** AVIF encoder effort for an output of this size (per frame). */
export function avifEffortFor(size: Size): 1 | 3 {
  return size.width * size.height <= SMALL_OUTPUT_PIXELS ? 1 : 3;
}
