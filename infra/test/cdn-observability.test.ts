import { Template } from 'aws-cdk-lib/assertions';
import { INVALIDATOR_TIMEOUT } from '../functions/invalidator-function';
import { TRANSFORM_TIMEOUT } from '../functions/transform-function';
import { ORIGIN_FAILURES_PER_PERIOD } from '../constructs/cdn-alarms';
import { stageStack, testApp } from './synth';
import { FULL_OPTIONS, cdnStack } from './variants';

let staging: Template;
let full: Template;

beforeAll(() => {
  const app = testApp({ stage: 'staging' });
  const stacks = [stageStack(app), cdnStack(app, 'full-options', FULL_OPTIONS)];
  [staging, full] = stacks.map((stack) => Template.fromStack(stack)) as [Template, Template];
});

interface Widget {
  type: string;
  x: number;
  y: number;
  width: number;
  properties: { title: string; metrics?: unknown[][]; region?: string; alarms?: unknown[] };
}

/** The dashboard's widgets, with every CloudFormation reference in the body replaced by "<ref>". */
function widgetsOf(template: Template): Widget[] {
  const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  const body = dashboard?.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] };
  const text = body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : '<ref>')).join('');
  return (JSON.parse(text) as { widgets: Widget[] }).widgets;
}
const widget = (template: Template, title: string): Widget => {
  const found = widgetsOf(template).find((candidate) => candidate.properties.title === title);
  if (!found) throw new TypeError(`expected a widget titled "${title}"`);
  return found;
};
const expressionsOf = (w: Widget) =>
  (w.properties.metrics ?? []).flatMap((row) =>
    row.flatMap((item) =>
      typeof item === 'object' && item !== null && 'expression' in item
        ? [(item as { expression: string }).expression]
        : [],
    ),
  );

/** Alarms whose description starts with `prefix`, by logical id. */
const alarmsDescribed = (template: Template, prefix: string) =>
  Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter((alarm) =>
    String(alarm.Properties.AlarmDescription).startsWith(prefix),
  );
const queriesOf = (alarm: { Properties: { Metrics: { Expression?: string }[] } }) =>
  alarm.Properties.Metrics.flatMap((metric) => (metric.Expression ? [metric.Expression] : []));

describe('the dashboard', () => {
  it('is one per stage, named after the stack', () => {
    staging.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    staging.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'imgfront-staging' });
  });

  it('lays out traffic, speed, edge and purges, then alarms, in rows of 24 columns', () => {
    const rows = widgetsOf(staging).map((w) => `${w.y}:${w.x}+${w.width} ${w.properties.title}`);
    expect(rows).toEqual([
      '0:0+12 Requests',
      '0:12+12 Errors by endpoint and code',
      '6:0+12 Latency p50 / p99 (ms)',
      '6:12+12 Bytes out',
      '12:0+8 CloudFront cache hit rate (%)',
      '12:8+8 Purge backlog',
      '12:16+8 Versions and purges',
      '18:0+24 Alarms',
    ]);
  });

  it('finds imgfront metrics of every endpoint and code with SEARCH', () => {
    expect(expressionsOf(widget(staging, 'Errors by endpoint and code'))).toEqual([
      `SEARCH('Namespace="imgfront" MetricName="Errors"', 'Sum', 300)`,
    ]);
    expect(expressionsOf(widget(staging, 'Requests'))).toEqual([
      `SUM(SEARCH('Namespace="imgfront" MetricName="Requests"', 'Sum', 300))`,
      `SUM(SEARCH('Namespace="imgfront" MetricName="Errors"', 'Sum', 300))`,
    ]);
    expect(expressionsOf(widget(staging, 'Latency p50 / p99 (ms)'))).toEqual([
      `SEARCH('Namespace="imgfront" MetricName="TransformLatency"', 'p99', 300)`,
      `SEARCH('Namespace="imgfront" MetricName="OriginLatency"', 'p99', 300)`,
    ]);
    expect(JSON.stringify(widget(staging, 'Latency p50 / p99 (ms)').properties.metrics)).toMatch(
      /"stat":"p50"/,
    );
    expect(expressionsOf(widget(staging, 'Bytes out'))).toEqual([
      `SUM(SEARCH('Namespace="imgfront" MetricName="BytesOut"', 'Sum', 300))`,
    ]);
  });

  it('graphs the CloudFront cache hit rate from us-east-1, which the distribution publishes', () => {
    const metrics = JSON.stringify(widget(staging, 'CloudFront cache hit rate (%)').properties.metrics);
    expect(metrics).toContain('"AWS/CloudFront","CacheHitRate","DistributionId","<ref>","Region","Global"');
    expect(metrics).toContain('"region":"us-east-1"');
    staging.hasResourceProperties('AWS::CloudFront::MonitoringSubscription', {
      MonitoringSubscription: {
        RealtimeMetricsSubscriptionConfig: { RealtimeMetricsSubscriptionStatus: 'Enabled' },
      },
    });
  });

  it('shows the purge backlog: waiting purges, dead letters and the oldest age', () => {
    const metrics = JSON.stringify(widget(staging, 'Purge backlog').properties.metrics);
    expect(metrics.match(/ApproximateNumberOfMessagesVisible/g)).toHaveLength(2);
    expect(metrics).toContain('ApproximateAgeOfOldestMessage');
  });

  it('ends with the status of every alarm', () => {
    const alarms = widget(full, 'Alarms').properties.alarms ?? [];
    expect(alarms).toHaveLength(Object.keys(full.findResources('AWS::CloudWatch::Alarm')).length);
  });
});

describe('alarms', () => {
  it.each([
    ['Transform', TRANSFORM_TIMEOUT.toMilliseconds()],
    ['VersionWriter', 30_000],
    ['Invalidator', INVALIDATOR_TIMEOUT.toMilliseconds()],
  ])('watch the %s Lambda: errors, p99 duration above 80%% of its timeout, throttles', (name, timeoutMs) => {
    const [errors] = alarmsDescribed(staging, `Failed invocations of the ${name} Lambda`);
    expect(errors?.Properties).toMatchObject({ MetricName: 'Errors', Namespace: 'AWS/Lambda', Threshold: 1 });
    const [duration] = alarmsDescribed(staging, `p99 duration of the ${name} Lambda`);
    expect(duration?.Properties).toMatchObject({
      MetricName: 'Duration',
      ExtendedStatistic: 'p99',
      Threshold: Math.round(timeoutMs * 0.8),
    });
    expect(alarmsDescribed(staging, `Throttled invocations of the ${name} Lambda`)).toHaveLength(1);
  });

  it('watch every dead-letter queue and the age of the oldest waiting purge', () => {
    expect(alarmsDescribed(staging, 'Messages waiting in the')).toHaveLength(3);
    const [age] = alarmsDescribed(staging, 'Age of the oldest waiting purge');
    expect(age?.Properties).toMatchObject({
      MetricName: 'ApproximateAgeOfOldestMessage',
      Statistic: 'Maximum',
      Threshold: 900,
    });
  });

  // An alarm, like GetMetricData, runs at most one Metrics Insights query.
  const insightsQueries = (alarm: never) => queriesOf(alarm).filter((query) => query.startsWith('SELECT'));

  it("watch imgfront's own error rate across every endpoint: its errors over the URL's requests", () => {
    const [rate] = alarmsDescribed(staging, 'imgfront error rate, every endpoint');
    expect(rate?.Properties.Threshold).toBe(5);
    expect(queriesOf(rate as never)).toEqual([
      'IF(requests >= 20, 100 * FILL(errors, 0) / requests, 0)',
      'SELECT SUM(Errors) FROM imgfront',
    ]);
    expect(JSON.stringify(rate?.Properties.Metrics)).toContain('"MetricName":"UrlRequestCount"');
  });

  it('watch the error rate of each endpoint the stage lists: errors over errors plus successes', () => {
    expect(alarmsDescribed(staging, 'imgfront error rate of endpoint')).toHaveLength(0);
    const shop = alarmsDescribed(full, 'imgfront error rate of endpoint shop');
    expect(shop).toHaveLength(1);
    expect(shop[0]?.Properties.Threshold).toBe(2);
    expect(insightsQueries(shop[0] as never)).toEqual([
      "SELECT SUM(Errors) FROM imgfront WHERE Endpoint = 'shop'",
    ]);
    const successes = (shop[0]?.Properties.Metrics as { MetricStat?: { Metric: unknown } }[]).flatMap(
      (query) => (query.MetricStat ? [query.MetricStat.Metric] : []),
    );
    // Every format a request can succeed with, the untouched originals' and none included.
    expect(successes).toEqual(
      ['jpeg', 'png', 'webp', 'avif', 'gif', 'heif', 'none'].map((format) => ({
        Namespace: 'imgfront',
        MetricName: 'Requests',
        Dimensions: [
          { Name: 'Endpoint', Value: 'shop' },
          { Name: 'Format', Value: format },
        ],
      })),
    );
    expect(alarmsDescribed(full, 'imgfront error rate of endpoint blog')).toHaveLength(1);
  });

  it('never put two Metrics Insights queries in one alarm', () => {
    for (const alarm of Object.values(full.findResources('AWS::CloudWatch::Alarm'))) {
      if (alarm.Properties.Metrics) expect(insightsQueries(alarm as never).length).toBeLessThanOrEqual(1);
    }
  });

  it('watch origin failures: refused, timed out or denied requests', () => {
    const [origin] = alarmsDescribed(staging, 'Requests failed by an origin');
    expect(origin?.Properties.Threshold).toBe(ORIGIN_FAILURES_PER_PERIOD);
    expect(queriesOf(origin as never)).toEqual([
      'FILL(failures, 0)',
      "SELECT SUM(Errors) FROM imgfront WHERE (ErrorCode = 'EACCES' OR ErrorCode = 'ECONNREFUSED' OR ErrorCode = 'ETIMEDOUT')",
    ]);
  });

  it('all notify the alarm topic', () => {
    const topic = Object.keys(staging.findResources('AWS::SNS::Topic'))[0];
    for (const alarm of Object.values(staging.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topic }]);
    }
  });
});
