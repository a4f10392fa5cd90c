import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { RequestLogRecord } from '../log/request-log';

/** The `Endpoint` of requests no registry endpoint matched: junk URLs add no dimension values. */
export const UNKNOWN_ENDPOINT = 'unknown';
/** The `Format` of successful answers without an image (`OPTIONS`). */
export const NO_FORMAT = 'none';

/** The transform's metric names: `imgfront stats` queries the same names the function writes. */
export const TRANSFORM_METRIC = {
  requests: 'Requests',
  errors: 'Errors',
  latency: 'TransformLatency',
  originLatency: 'OriginLatency',
  bytesIn: 'BytesIn',
  bytesOut: 'BytesOut',
  originFallbacks: 'OriginFallbacks',
  originalCopyHits: 'OriginalCopyHits',
  originalCopyFailures: 'OriginalCopyFailures',
  variantBudgetHits: 'VariantBudgetHits',
} as const;

/** Records one finished request's metrics. */
export type RequestMetrics = (record: RequestLogRecord) => void;

/**
 * The transform's metrics, one EMF blob per request under one dimension set: `Endpoint` + `Format`
 * when it succeeded, `Endpoint` + `ErrorCode` when it failed. A Powertools blob gives every metric
 * in it every dimension set, so a request's metrics share its set rather than mixing two.
 */
export const requestMetricsTo =
  (metrics: Metrics): RequestMetrics =>
  (record) => {
    const Endpoint = record.endpoint ?? UNKNOWN_ENDPOINT;
    if (record.errorCode === undefined) {
      metrics.addDimensions({ Endpoint, Format: record.format ?? NO_FORMAT });
    } else {
      metrics.addDimensions({ Endpoint, ErrorCode: record.errorCode });
      metrics.addMetric(TRANSFORM_METRIC.errors, MetricUnit.Count, 1);
    }
    metrics.addMetric(TRANSFORM_METRIC.requests, MetricUnit.Count, 1);
    metrics.addMetric(TRANSFORM_METRIC.bytesOut, MetricUnit.Bytes, record.bytesOut);
    const { total, download } = record.timings;
    if (total !== undefined) metrics.addMetric(TRANSFORM_METRIC.latency, MetricUnit.Milliseconds, total);
    if (download !== undefined)
      metrics.addMetric(TRANSFORM_METRIC.originLatency, MetricUnit.Milliseconds, download);
    // Under `Endpoint` alone, as its alarm reads it, so in a blob of its own.
    if (record.variantBudgetHit) {
      const hit = metrics.singleMetric();
      hit.clearDefaultDimensions();
      hit.addDimensions({ Endpoint });
      hit.addMetric(TRANSFORM_METRIC.variantBudgetHits, MetricUnit.Count, 1);
    }
    // Only requests that downloaded an original say whether a fallback origin served it.
    if (record.bytesIn !== undefined) {
      metrics.addMetric(TRANSFORM_METRIC.bytesIn, MetricUnit.Bytes, record.bytesIn);
      metrics.addMetric(TRANSFORM_METRIC.originFallbacks, MetricUnit.Count, record.originFallback ? 1 : 0);
    }
    // Only endpoints that keep copies say whether one answered, and whether reading or writing it failed.
    const copy = record.originalCopy;
    if (copy !== undefined) {
      metrics.addMetric(TRANSFORM_METRIC.originalCopyHits, MetricUnit.Count, copy === 'hit' ? 1 : 0);
      metrics.addMetric(
        TRANSFORM_METRIC.originalCopyFailures,
        MetricUnit.Count,
        copy.endsWith('failed') ? 1 : 0,
      );
    }
  };
