import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import type { AwsClientDefaults } from '../../../shared/aws/client-defaults';
import { METRICS_NAMESPACE } from '../../../shared/metrics/metrics';
import { fail, pass, pollUntil } from './check';

/**
 * The transform's `Requests` metric (embedded metric format in its logs) reaches CloudWatch for the
 * requests this check made: CloudWatch extracts EMF lines within a minute or two.
 */
export async function checkMetricsArrive(options: {
  clientDefaults: AwsClientDefaults;
  since: Date;
  timeoutMs: number;
  intervalMs: number;
}) {
  const client = new CloudWatchClient({ ...options.clientDefaults, maxAttempts: 5 });
  const search = `SEARCH('{${METRICS_NAMESPACE}} MetricName="Requests"', 'Sum', 60)`;
  const requestsSince = async () => {
    const { MetricDataResults } = await client.send(
      new GetMetricDataCommand({
        // Metrics are stored per whole minute: start at the minute the check began.
        StartTime: new Date(Math.floor(options.since.getTime() / 60_000) * 60_000),
        EndTime: new Date(Date.now() + 60_000),
        MetricDataQueries: [{ Id: 'requests', Expression: `SUM(${search})`, Period: 60 }],
      }),
    );
    const total = (MetricDataResults ?? [])
      .flatMap((result) => result.Values ?? [])
      .reduce((a, b) => a + b, 0);
    return total > 0 ? total : undefined;
  };
  try {
    const total = await pollUntil(requestsSince, options);
    return total === undefined
      ? fail(
          `no ${METRICS_NAMESPACE}/Requests datapoints since ${options.since.toISOString()}: check the ` +
            "transform function's logs for EMF lines and POWERTOOLS_METRICS_NAMESPACE",
        )
      : pass(`${METRICS_NAMESPACE}/Requests counted ${total} since the check began`);
  } finally {
    client.destroy();
  }
}
