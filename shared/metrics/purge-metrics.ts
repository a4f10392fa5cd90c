import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';

/** One CloudFront invalidation the invalidator created, and the purges it carries out. */
export interface CreatedInvalidation {
  /** Paths in the invalidation (wildcards coarsened to fit CloudFront's limits count once). */
  paths: number;
  /** When each purge it covers was requested, ms since the epoch. */
  requestedAt: readonly number[];
  /** When CloudFront accepted it. */
  createdAt: number;
}

/** Records the invalidations the invalidator creates. */
export type PurgeMetrics = (invalidation: CreatedInvalidation) => void;

/**
 * `InvalidationPaths` per invalidation, and `PurgeLatency` per purge: from its request (the version
 * writer's or the caller's `requestedAt`) to CloudFront accepting the invalidation, queue wait included.
 */
export const purgeMetricsTo =
  (metrics: Metrics): PurgeMetrics =>
  ({ paths, requestedAt, createdAt }) => {
    metrics.addMetric('InvalidationPaths', MetricUnit.Count, paths);
    for (const time of requestedAt) {
      metrics.addMetric('PurgeLatency', MetricUnit.Milliseconds, Math.max(0, createdAt - time));
    }
  };
