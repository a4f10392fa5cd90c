import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { METRICS_NAMESPACE } from '../../shared/metrics/metrics';
import { NO_FORMAT } from '../../shared/metrics/transform-metrics';
import { CONTENT_TYPES, ORIGINAL_CONTENT_TYPES } from '../../shared/transform/output-plan';

/**
 * The metrics contract the Lambdas publish in embedded metric format (issue 13): namespace `imgfront`;
 * transform metrics under `Endpoint` + `Format` (successes) or `Endpoint` + `ErrorCode` (failures).
 */
export const METRIC = {
  requests: 'Requests',
  errors: 'Errors',
  transformLatency: 'TransformLatency',
  originLatency: 'OriginLatency',
  bytesOut: 'BytesOut',
  originFallbacks: 'OriginFallbacks',
  /** Under `Endpoint` alone: new transformations refused by `settings.maxVariantsPerOriginal`. */
  variantBudgetHits: 'VariantBudgetHits',
  versionsRecorded: 'VersionsRecorded',
  purgesRequested: 'PurgesRequested',
  purgeLatency: 'PurgeLatency',
} as const;

export const PERIOD = Duration.minutes(5);

/**
 * Every `Format` a successful request is counted under: encoded outputs, untouched originals (`orig-true`)
 * and none. A format missing here is left out of an endpoint's request count, so its error rate reads high.
 */
export const SUCCESS_FORMATS: readonly string[] = [
  ...new Set([...Object.keys(CONTENT_TYPES), ...Object.keys(ORIGINAL_CONTENT_TYPES), NO_FORMAT]),
];

const quoted = (value: string) => `'${value.replace(/'/g, "''")}'`;

/**
 * Every series of one imgfront metric, whatever its dimensions (graphs only: alarms cannot SEARCH);
 * `total` sums them into one line.
 */
export function searchMetric(
  metricName: string,
  statistic: string,
  options: { label?: string; total?: boolean } = {},
): cloudwatch.MathExpression {
  const search = `SEARCH('Namespace="${METRICS_NAMESPACE}" MetricName="${metricName}"', '${statistic}', ${PERIOD.toSeconds()})`;
  return new cloudwatch.MathExpression({
    expression: options.total ? `SUM(${search})` : search,
    label: options.label ?? '',
    period: PERIOD,
  });
}

/**
 * A Metrics Insights sum across every dimension set of the metric, optionally narrowed to one endpoint or
 * some error codes. An alarm may use one such query (like GetMetricData), beside plain metrics.
 */
export function insightsSum(
  metricName: string,
  where: { endpoint?: string; errorCodes?: readonly string[] } = {},
): cloudwatch.MathExpression {
  const conditions = [
    ...(where.endpoint === undefined ? [] : [`Endpoint = ${quoted(where.endpoint)}`]),
    ...(where.errorCodes === undefined
      ? []
      : [`(${where.errorCodes.map((code) => `ErrorCode = ${quoted(code)}`).join(' OR ')})`]),
  ];
  const filter = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  return new cloudwatch.MathExpression({
    expression: `SELECT SUM(${metricName}) FROM ${METRICS_NAMESPACE}${filter}`,
    label: metricName,
    period: PERIOD,
  });
}

/** One endpoint's successful requests of one format: a plain metric, so alarms can add several. */
export function successfulRequests(endpoint: string, format: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: METRIC.requests,
    dimensionsMap: { Endpoint: endpoint, Format: format },
    statistic: 'Sum',
    period: PERIOD,
  });
}
