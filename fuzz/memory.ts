/** Samples the process's memory often enough to see a decode's peak, not just its aftermath. */
export interface MemorySampler {
  readonly peakRssBytes: number;
  readonly peakHeapBytes: number;
  /** Starts measuring one case's growth. */
  beginCase(): void;
  /** Samples now; returns the peak RSS so far and how far this case raised it above its start. */
  endCase(): { peakRssBytes: number; caseGrowthBytes: number };
  stop(): void;
}

const SAMPLE_EVERY_MS = 20;

export function startMemorySampler(): MemorySampler {
  let peakRssBytes = 0;
  let peakHeapBytes = 0;
  let caseStartRss = 0;
  let casePeakRss = 0;
  // libvips allocates outside the JS heap and on its own threads: RSS is the number that matters.
  const sampleRss = () => {
    const rss = process.memoryUsage.rss();
    peakRssBytes = Math.max(peakRssBytes, rss);
    casePeakRss = Math.max(casePeakRss, rss);
    return rss;
  };
  const timer = setInterval(sampleRss, SAMPLE_EVERY_MS);
  timer.unref();
  return {
    get peakRssBytes() {
      return peakRssBytes;
    },
    get peakHeapBytes() {
      return peakHeapBytes;
    },
    beginCase() {
      caseStartRss = sampleRss();
      casePeakRss = caseStartRss;
    },
    endCase() {
      sampleRss();
      peakHeapBytes = Math.max(peakHeapBytes, process.memoryUsage().heapUsed);
      return { peakRssBytes, caseGrowthBytes: Math.max(0, casePeakRss - caseStartRss) };
    },
    stop: () => clearInterval(timer),
  };
}

export const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
