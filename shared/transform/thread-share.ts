import { availableParallelism } from 'node:os';
import sharp from 'sharp';

/**
 * Threads per sharp pipeline, chosen per render: a lone render gets every core (libvips splits its
 * work and libaom its AVIF encode across them), renders that overlap get sharp's default for this
 * process (1 on glibc without an arena limit, to keep fragmentation down; every core where
 * `MALLOC_ARENA_MAX` is set, as on the transform Lambda), since libuv's pool already spreads them over
 * the cores. A Lambda instance serves one request at a time, so there every render is lone. Measured
 * (2 cores, 4000x3000 JPEG to 400 px AVIF at effort 1, one request at a time): 1 thread 111-145 ms, 2
 * threads 70-89 ms for the whole render. `IMGFRONT_SHARP_THREADS` fixes the count instead.
 */
export interface ThreadShare {
  /** Runs `render` with the thread count its company allows. */
  run<T>(render: () => Promise<T>): Promise<T>;
}

export function createThreadShare(fixed: number | undefined): ThreadShare {
  if (fixed !== undefined) {
    sharp.concurrency(fixed);
    return { run: (render) => render() };
  }
  const underLoad = sharp.concurrency();
  const lone = availableParallelism();
  let inFlight = 0;
  return {
    async run(render) {
      inFlight += 1;
      // Set at each start: libvips reads it when a pipeline starts, so a running one keeps its threads.
      sharp.concurrency(inFlight === 1 ? lone : underLoad);
      try {
        return await render();
      } finally {
        inFlight -= 1;
      }
    },
  };
}
