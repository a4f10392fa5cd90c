import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * The metrics contract the Lambdas publish in embedded metric format (issue 13): namespace `imgfront`;
 * transform metrics under `Endpoint` + `Format` (successes) or `Endpoint` + `ErrorCode` (failures).
 */
export const METRICS_NAMESPACE = 'imgfront';
export const METRIC = {
  requests: 'Requests',
  errors: 'Errors',
  transformLatency: 'TransformLatency',
  originLatency: 'OriginLatency',
  bytesOut: 'BytesOut',
  originFallbacks: 'OriginFallbacks',
  versionsRecorded: 'VersionsRecorded',
  purgesRequested: 'PurgesRequested',
  purgeLatency: 'PurgeLatency',
} as const;

/** Error codes that mean an origin failed us (not "not found", not a bad request). */
export const ORIGIN_FAILURE_CODES = ['EACCES', 'ECONNREFUSED', 'ETIMEDOUT'] as const;

export const PERIOD = Duration.minutes(5);

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
 * A Metrics Insights sum across every dimension set of the metric (alarms may use these), optionally
 * narrowed to one endpoint or some error codes.
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
