import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeServerlessRule } from './nag';
import { ORIGIN_FAULT_CODES } from '../../shared/errors/image-error';
import { insightsSum, METRIC, PERIOD, SUCCESS_FORMATS, successfulRequests } from './imgfront-metrics';

/** Below this many requests in a period an error rate is noise (one failure would be 100%). */
const MIN_REQUESTS_FOR_RATE = 20;
/** A Lambda whose p99 duration passes this share of its timeout is about to time out. */
export const DURATION_ALARM_SHARE = 0.8;
/** Origin failures (refused, timed out, denied) in one period that raise the alarm. */
export const ORIGIN_FAILURES_PER_PERIOD = 10;
/**
 * Variants refused by `settings.maxVariantsPerOriginal` in a period: a few are the cap doing its job;
 * this many means a client is walking through transformations (or the cap is too low for a page).
 */
export const VARIANT_BUDGET_HITS_PER_PERIOD = 50;

export interface CdnAlarmsProps {
  /** The Lambda behind the function URL; its URL metrics give the origin's 5xx rate. */
  readonly transform: lambda.IFunction;
  /** Every imgfront Lambda: each gets error, duration (80% of its timeout) and throttle alarms. */
  readonly functions: Record<string, lambda.Function>;
  /** Each gets an alarm as soon as one message waits in it. */
  readonly deadLetterQueues: Record<string, sqs.IQueue>;
  /** CloudFront publishes its metrics in us-east-1 only: pass the distribution when the stack is there. */
  readonly distribution?: cloudfront.Distribution;
  readonly fiveXxRatePercent: number;
  /** The purge queue: an alarm when its oldest message has waited `purgeQueueMaxAge`. */
  readonly purgeQueue: sqs.IQueue;
  /** @default Duration.minutes(15) */
  readonly purgeQueueMaxAge?: Duration;
  /** imgfront's own error rate (`Errors` / `Requests`, percent) that raises an alarm. */
  readonly errorRatePercent: number;
  /** Endpoints that get an error-rate alarm of their own. @default none */
  readonly alarmEndpoints?: readonly string[];
  readonly email?: string;
}

/**
 * Alarms on 5xx and error rates (overall and per listed endpoint), origin failures, Lambda errors,
 * durations and throttles, dead letters and purge-queue age, all notifying one SNS topic.
 */
export class CdnAlarms extends Construct {
  readonly topic: sns.Topic;
  /** Every alarm, for the dashboard's alarm status widget. */
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: CdnAlarmsProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'imgfront alarms', enforceSSL: true });
    // A topic policy replaces SNS's default one, so CloudWatch needs its own allow or alarms go nowhere.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowAlarmsOfThisAccount',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    if (props.email) {
      const subscription = this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
      acknowledgeServerlessRule(
        subscription,
        'SNSRedrivePolicy',
        'An email subscription: SNS retries delivery itself, and an undelivered alarm email has nobody to read it from a queue; the alarms stay visible in CloudWatch.',
      );
    }

    // Function URL metrics: the 5xx share CloudFront's origin sees.
    const errors = props.transform.metric('Url5xxCount', { statistic: 'Sum', period: PERIOD });
    const requests = props.transform.metric('UrlRequestCount', { statistic: 'Sum', period: PERIOD });
    this.alarm('Origin5xxRate', 'Share of function URL responses that were 5xx (percent)', {
      metric: new cloudwatch.MathExpression({
        expression: `IF(requests >= ${MIN_REQUESTS_FOR_RATE}, 100 * errors / requests, 0)`,
        usingMetrics: { errors, requests },
        period: PERIOD,
      }),
      threshold: props.fiveXxRatePercent,
      evaluationPeriods: 2,
    });
    if (props.distribution) {
      this.alarm('Edge5xxRate', 'CloudFront 5xx error rate (percent), origin timeouts included', {
        // CloudFront publishes with Region=Global beside the id; a metric without it matches nothing.
        metric: props.distribution.metric5xxErrorRate({
          period: PERIOD,
          dimensionsMap: { DistributionId: props.distribution.distributionId, Region: 'Global' },
        }),
        threshold: props.fiveXxRatePercent,
        evaluationPeriods: 2,
      });
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      this.alarm(`${name}Errors`, `Failed invocations of the ${name} Lambda (crashes, timeouts)`, {
        metric: fn.metricErrors({ statistic: 'Sum', period: PERIOD }),
        threshold: 1,
        evaluationPeriods: 1,
      });
      const timeoutMs = (fn.timeout ?? Duration.seconds(3)).toMilliseconds();
      this.alarm(`${name}Duration`, `p99 duration of the ${name} Lambda above 80% of its timeout (ms)`, {
        metric: fn.metricDuration({ statistic: 'p99', period: PERIOD }),
        threshold: Math.round(timeoutMs * DURATION_ALARM_SHARE),
        evaluationPeriods: 2,
      });
      this.alarm(`${name}Throttles`, `Throttled invocations of the ${name} Lambda`, {
        metric: fn.metricThrottles({ statistic: 'Sum', period: PERIOD }),
        threshold: 1,
        evaluationPeriods: 1,
      });
    }
    this.alarm('PurgeQueueAge', 'Age of the oldest waiting purge request (seconds)', {
      metric: props.purgeQueue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', period: PERIOD }),
      threshold: (props.purgeQueueMaxAge ?? Duration.minutes(15)).toSeconds(),
      evaluationPeriods: 1,
    });
    // imgfront's Errors over the requests the function URL received: one Metrics Insights query.
    this.rateAlarm('ErrorRate', 'imgfront error rate, every endpoint (percent of requests)', {
      errors: insightsSum(METRIC.errors),
      requests,
      threshold: props.errorRatePercent,
    });
    for (const endpoint of props.alarmEndpoints ?? []) this.endpointErrorRateAlarm(endpoint, props);
    this.alarm('OriginFailures', `Requests failed by an origin (${ORIGIN_FAULT_CODES.join(', ')})`, {
      metric: new cloudwatch.MathExpression({
        expression: 'FILL(failures, 0)',
        usingMetrics: { failures: insightsSum(METRIC.errors, { errorCodes: ORIGIN_FAULT_CODES }) },
        period: PERIOD,
      }),
      threshold: ORIGIN_FAILURES_PER_PERIOD,
      evaluationPeriods: 1,
    });
    this.alarm('VariantBudgetHits', 'New transformations refused by maxVariantsPerOriginal, every endpoint', {
      metric: new cloudwatch.MathExpression({
        expression: 'FILL(hits, 0)',
        usingMetrics: { hits: insightsSum(METRIC.variantBudgetHits) },
        period: PERIOD,
      }),
      threshold: VARIANT_BUDGET_HITS_PER_PERIOD,
      evaluationPeriods: 1,
    });
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.alarm(`${name}Depth`, `Messages waiting in the ${name} dead-letter queue`, {
        metric: queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: PERIOD }),
        threshold: 1,
        evaluationPeriods: 1,
      });
    }
  }

  /**
   * One endpoint's `Errors` / `Requests`. Its requests are its errors (the query) plus its successes, summed
   * over each `Format` (plain metrics): an alarm holds one Metrics Insights query at most.
   */
  private endpointErrorRateAlarm(endpoint: string, props: CdnAlarmsProps): void {
    const successes = Object.fromEntries(
      SUCCESS_FORMATS.map((format, i) => [`ok${i}`, successfulRequests(endpoint, format)]),
    );
    const succeeded = Object.keys(successes)
      .map((id) => `FILL(${id}, 0)`)
      .join(' + ');
    const errors = insightsSum(METRIC.errors, { endpoint });
    this.rateAlarm(`ErrorRate-${endpoint}`, `imgfront error rate of endpoint ${endpoint} (percent)`, {
      errors,
      requests: new cloudwatch.MathExpression({
        expression: `FILL(errors, 0) + ${succeeded}`,
        usingMetrics: { errors, ...successes },
        period: PERIOD,
      }),
      threshold: props.errorRatePercent,
    });
  }

  /** `100 * errors / requests`, quiet below `MIN_REQUESTS_FOR_RATE` requests a period. */
  private rateAlarm(
    id: string,
    description: string,
    rate: { errors: cloudwatch.IMetric; requests: cloudwatch.IMetric; threshold: number },
  ): void {
    this.alarm(id, description, {
      metric: new cloudwatch.MathExpression({
        expression: `IF(requests >= ${MIN_REQUESTS_FOR_RATE}, 100 * FILL(errors, 0) / requests, 0)`,
        usingMetrics: { errors: rate.errors, requests: rate.requests },
        period: PERIOD,
      }),
      threshold: rate.threshold,
      evaluationPeriods: 2,
    });
  }

  private alarm(
    id: string,
    description: string,
    options: Pick<cloudwatch.AlarmProps, 'metric' | 'threshold' | 'evaluationPeriods'>,
  ): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      ...options,
      alarmDescription: description,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
