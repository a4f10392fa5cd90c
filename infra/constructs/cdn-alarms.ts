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

const PERIOD = Duration.minutes(5);
/** Below this many requests in a period the 5xx rate is noise (one failure would be 100%). */
const MIN_REQUESTS_FOR_RATE = 20;

export interface CdnAlarmsProps {
  /** The Lambda behind the function URL; its URL metrics give the origin's 5xx rate. */
  readonly transform: lambda.IFunction;
  /** Every imgfront Lambda: each gets a throttle alarm. */
  readonly functions: Record<string, lambda.IFunction>;
  /** Each gets an alarm as soon as one message waits in it. */
  readonly deadLetterQueues: Record<string, sqs.IQueue>;
  /** CloudFront publishes its metrics in us-east-1 only: pass the distribution when the stack is there. */
  readonly distribution?: cloudfront.Distribution;
  readonly fiveXxRatePercent: number;
  readonly email?: string;
}

/** Alarms on 5xx rate, throttles and dead letters, all notifying one SNS topic. */
export class CdnAlarms extends Construct {
  readonly topic: sns.Topic;

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
      this.alarm(`${name}Throttles`, `Throttled invocations of the ${name} Lambda`, {
        metric: fn.metricThrottles({ statistic: 'Sum', period: PERIOD }),
        threshold: 1,
        evaluationPeriods: 1,
      });
    }
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.alarm(`${name}Depth`, `Messages waiting in the ${name} dead-letter queue`, {
        metric: queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: PERIOD }),
        threshold: 1,
        evaluationPeriods: 1,
      });
    }
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
  }
}
