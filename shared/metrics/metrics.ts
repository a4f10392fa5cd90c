import type { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { ServiceName } from '../log/logger';

/** The CloudWatch namespace of every imgfront metric (`POWERTOOLS_METRICS_NAMESPACE` in AWS). */
export const METRICS_NAMESPACE = 'imgfront';

/**
 * A Powertools Metrics instance writing CloudWatch embedded metric format (EMF) lines to stdout; the
 * handlers' `logMetrics` middleware flushes it after each invocation. Powertools adds the `service`
 * dimension to every metric; `serviceDimension: false` leaves only the dimensions each metric names.
 */
export function createMetrics(
  serviceName: ServiceName,
  options: { serviceDimension: boolean; logger?: Logger },
): Metrics {
  // Its own warnings (an invalid dimension, nothing to publish) become log lines of the function.
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName, logger: options.logger });
  if (!options.serviceDimension) metrics.clearDefaultDimensions();
  return metrics;
}

/**
 * Flushes what one unit of work recorded, where no middleware does (the local stack calls the
 * background functions' code directly); silent when nothing was recorded.
 */
export function flushMetrics(metrics: Metrics): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}
