/** One measured load run, whichever generator produced it. */
export interface LoadResult {
  /** Responses completed in the measured window. */
  requests: number;
  requestsPerSecond: number;
  /** Latency percentiles, ms. */
  p50: number;
  p99: number;
  /** Socket errors, timeouts and non-2xx responses. */
  errors: number;
}

/** What the load generator is asked to do. */
export interface LoadPlan {
  url: string;
  /** Request paths, sent in turn (each connection takes the next). */
  paths: readonly string[];
  connections: number;
  durationSeconds: number;
}
