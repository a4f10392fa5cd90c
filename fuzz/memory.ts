/** Samples the process's memory often enough to see a decode's peak, not just its aftermath. */
export interface MemorySampler {
  readonly peakRssBytes: number;
  readonly peakHeapBytes: number;
  /** Takes a sample now (after a case) and returns the peak RSS so far. */
  sample(): number;
  stop(): void;
}

const SAMPLE_EVERY_MS = 20;

export function startMemorySampler(): MemorySampler {
  let peakRssBytes = 0;
  let peakHeapBytes = 0;
  const sample = () => {
    const { rss, heapUsed } = process.memoryUsage();
    peakRssBytes = Math.max(peakRssBytes, rss);
    peakHeapBytes = Math.max(peakHeapBytes, heapUsed);
    return peakRssBytes;
  };
  // libvips allocates outside the JS heap and on its own threads: RSS is the number that matters.
  const timer = setInterval(() => {
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
  }, SAMPLE_EVERY_MS);
  timer.unref();
  return {
    get peakRssBytes() {
      return peakRssBytes;
    },
    get peakHeapBytes() {
      return peakHeapBytes;
    },
    sample,
    stop: () => clearInterval(timer),
  };
}

export const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
