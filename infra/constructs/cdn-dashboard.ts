import { Duration, Stack } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC, PERIOD, searchMetric } from './imgfront-metrics';

export interface CdnDashboardProps {
  readonly transform: lambda.IFunction;
  /** Its additional metrics (cache hit rate) must be on; CloudFront publishes them in us-east-1. */
  readonly distribution: cloudfront.IDistribution;
  readonly purgeQueue: sqs.IQueue;
  readonly purgeDeadLetterQueue: sqs.IQueue;
  /** Shown as a status grid at the bottom. */
  readonly alarms: readonly cloudwatch.IAlarm[];
  /** @default `<stack name>` */
  readonly dashboardName?: string;
}

const WIDTH = 24;
const graph = (title: string, width: number, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = []) =>
  new cloudwatch.GraphWidget({ title, width, height: 6, left, right, period: PERIOD });

/**
 * One dashboard per stage. Rows, top to bottom: traffic (requests, errors by endpoint and code),
 * speed and volume (latency p50/p99, bytes out), the edge and purges (CloudFront hit rate, purge
 * backlog, versions and purges), and the alarms. imgfront's own metrics are found with SEARCH, so a
 * new endpoint, format or error code shows up without a deploy.
 */
export class CdnDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: CdnDashboardProps) {
    super(scope, id);
    const cloudFront = (metric: cloudwatch.Metric) => metric.with({ region: 'us-east-1', period: PERIOD });
    const dimensionsMap = { DistributionId: props.distribution.distributionId, Region: 'Global' };

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName ?? Stack.of(this).stackName,
      defaultInterval: Duration.hours(24),
      widgets: [
        [
          graph('Requests', WIDTH / 2, [
            searchMetric(METRIC.requests, 'Sum', { total: true, label: 'All requests' }),
            searchMetric(METRIC.errors, 'Sum', { total: true, label: 'All errors' }),
          ]),
          graph('Errors by endpoint and code', WIDTH / 2, [searchMetric(METRIC.errors, 'Sum')]),
        ],
        [
          graph(
            'Latency p50 / p99 (ms)',
            WIDTH / 2,
            [
              props.transform.metricDuration({ statistic: 'p50', period: PERIOD, label: 'Lambda p50' }),
              props.transform.metricDuration({ statistic: 'p99', period: PERIOD, label: 'Lambda p99' }),
              searchMetric(METRIC.transformLatency, 'p99'),
            ],
            [searchMetric(METRIC.originLatency, 'p99')],
          ),
          graph('Bytes out', WIDTH / 2, [
            searchMetric(METRIC.bytesOut, 'Sum', { total: true, label: 'Bytes out' }),
          ]),
        ],
        [
          graph(
            'CloudFront cache hit rate (%)',
            WIDTH / 3,
            [
              cloudFront(
                new cloudwatch.Metric({
                  namespace: 'AWS/CloudFront',
                  metricName: 'CacheHitRate',
                  dimensionsMap,
                  statistic: 'Average',
                }),
              ),
            ],
            [
              cloudFront(
                new cloudwatch.Metric({
                  namespace: 'AWS/CloudFront',
                  metricName: 'Requests',
                  dimensionsMap,
                  statistic: 'Sum',
                }),
              ),
            ],
          ),
          graph(
            'Purge backlog',
            WIDTH / 3,
            [
              props.purgeQueue.metricApproximateNumberOfMessagesVisible({
                statistic: 'Maximum',
                label: 'Waiting purges',
              }),
              props.purgeDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
                statistic: 'Maximum',
                label: 'Dead letters',
              }),
            ],
            [
              props.purgeQueue.metricApproximateAgeOfOldestMessage({
                statistic: 'Maximum',
                label: 'Oldest (s)',
              }),
            ],
          ),
          graph(
            'Versions and purges',
            WIDTH / 3,
            [
              searchMetric(METRIC.versionsRecorded, 'Sum', { total: true, label: 'Versions recorded' }),
              searchMetric(METRIC.purgesRequested, 'Sum', { total: true, label: 'Purges requested' }),
            ],
            [searchMetric(METRIC.purgeLatency, 'p99', { label: 'Purge latency p99 (ms)' })],
          ),
        ],
        [
          new cloudwatch.AlarmStatusWidget({
            title: 'Alarms',
            width: WIDTH,
            height: 4,
            alarms: [...props.alarms],
          }),
        ],
      ],
    });
  }
}
