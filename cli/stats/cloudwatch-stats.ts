import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { AwsClientDefaults } from '../../shared/aws/client-defaults';
import { ImageError } from '../../shared/errors/image-error';
import { METRICS_NAMESPACE } from '../../shared/metrics/metrics';
import type { StatsSummary } from '../../shared/metrics/stats-summary';
import { TRANSFORM_METRIC } from '../../shared/metrics/transform-metrics';

/** CloudFront publishes its metrics in us-east-1 only, whatever the stack's region. */
const CLOUDFRONT_METRICS_REGION = 'us-east-1';

/**
 * One period spanning the whole window, so every query answers one datapoint per series. CloudWatch
 * wants a multiple of 60 s, and of 3600 s once the window reaches back beyond 15 days.
 */
export function periodFor(seconds: number): number {
  const step = seconds > 15 * 86_400 ? 3600 : 60;
  return Math.ceil(seconds / step) * step;
}

/**
 * The transform's metrics are written under two dimension sets (`Endpoint`+`Format` for successes,
 * `Endpoint`+`ErrorCode` for failures): a search per set, exact, added up here.
 */
const DIMENSION_SETS = ['Format', 'ErrorCode'] as const;

function search(metric: string, set: string, endpoint: string | undefined, stat: string, period: number) {
  const filter = endpoint === undefined ? '' : ` Endpoint="${endpoint}"`;
  return `SEARCH('{${METRICS_NAMESPACE},Endpoint,${set}} MetricName="${metric}"${filter}', '${stat}', ${period})`;
}

function transformQueries(endpoint: string | undefined, period: number): MetricDataQuery[] {
  const perSet = DIMENSION_SETS.flatMap((set) => [
    {
      Id: `requests${set}`,
      Expression: `SUM(${search(TRANSFORM_METRIC.requests, set, endpoint, 'Sum', period)})`,
    },
    {
      Id: `bytes${set}`,
      Expression: `SUM(${search(TRANSFORM_METRIC.bytesOut, set, endpoint, 'Sum', period)})`,
    },
    // Percentiles do not add up: the slowest series' p99 bounds the endpoint's.
    { Id: `p99${set}`, Expression: `MAX(${search(TRANSFORM_METRIC.latency, set, endpoint, 'p99', period)})` },
  ]);
  return [
    ...perSet.map((query) => ({ ...query, Period: period })),
    {
      Id: 'errors',
      Expression: search(TRANSFORM_METRIC.errors, 'ErrorCode', endpoint, 'Sum', period),
      // One series per endpoint and code, labelled with its code.
      Label: "${PROP('Dim.ErrorCode')}",
      Period: period,
    },
  ];
}

async function query(client: CloudWatchClient, queries: MetricDataQuery[], from: Date, to: Date) {
  try {
    const { MetricDataResults } = await client.send(
      new GetMetricDataCommand({ StartTime: from, EndTime: to, MetricDataQueries: queries }),
    );
    return MetricDataResults ?? [];
  } catch (error) {
    // Mapped here, by the SDK error's name: a missing permission is the operator's to fix.
    const name = (error as { name?: unknown }).name;
    const message = error instanceof Error ? error.message : String(error);
    throw new ImageError(
      name === 'AccessDeniedException' || name === 'AccessDenied' ? 'EACCES' : 'UNIDENTIFIED',
      `CloudWatch GetMetricData failed (${String(name)}): ${message}`,
      { cause: error },
    );
  }
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** The window's figures from CloudWatch: imgfront's metrics, and CloudFront's `CacheHitRate`. */
export async function cloudWatchStats(options: {
  clientDefaults: AwsClientDefaults;
  endpoint: string | undefined;
  seconds: number;
  distributionId: string | undefined;
  now?: Date;
}): Promise<StatsSummary> {
  const to = options.now ?? new Date();
  const period = periodFor(options.seconds);
  // Whole minutes, as CloudWatch stores them.
  const from = new Date(Math.floor((to.getTime() - options.seconds * 1000) / 60_000) * 60_000);
  const client = new CloudWatchClient({ ...options.clientDefaults, maxAttempts: 5 });
  const edge = new CloudWatchClient({
    ...options.clientDefaults,
    region: CLOUDFRONT_METRICS_REGION,
    maxAttempts: 5,
  });
  try {
    const [results, hits] = await Promise.all([
      query(client, transformQueries(options.endpoint, period), from, to),
      options.distributionId === undefined
        ? Promise.resolve([])
        : query(edge, [hitRateQuery(options.distributionId, period)], from, to),
    ]);
    const valuesOf = (id: string) => results.filter((r) => r.Id === id).flatMap((r) => r.Values ?? []);
    const errorsByCode: Record<string, number> = {};
    for (const result of results.filter((r) => r.Id === 'errors')) {
      const count = sum(result.Values ?? []);
      const code = result.Label ?? 'UNKNOWN';
      if (count > 0) errorsByCode[code] = (errorsByCode[code] ?? 0) + count;
    }
    const p99s = DIMENSION_SETS.flatMap((set) => valuesOf(`p99${set}`));
    const hitRate = hits.flatMap((r) => r.Values ?? []);
    return {
      endpoint: options.endpoint ?? null,
      from: from.toISOString(),
      to: to.toISOString(),
      requests: sum(DIMENSION_SETS.flatMap((set) => valuesOf(`requests${set}`))),
      errors: sum(Object.values(errorsByCode)),
      errorsByCode,
      p99LatencyMs: p99s.length === 0 ? null : Math.max(...p99s),
      bytesOut: sum(DIMENSION_SETS.flatMap((set) => valuesOf(`bytes${set}`))),
      // CacheHitRate is a percentage; the summary holds a ratio.
      hitRatio: hitRate.length === 0 ? null : sum(hitRate) / hitRate.length / 100,
    };
  } finally {
    client.destroy();
    edge.destroy();
  }
}

/** Needs the distribution's additional metrics, which the construct turns on. */
function hitRateQuery(distributionId: string, period: number): MetricDataQuery {
  return {
    Id: 'hitRate',
    MetricStat: {
      Metric: {
        Namespace: 'AWS/CloudFront',
        MetricName: 'CacheHitRate',
        Dimensions: [
          { Name: 'DistributionId', Value: distributionId },
          { Name: 'Region', Value: 'Global' },
        ],
      },
      Period: period,
      Stat: 'Average',
    },
  };
}
