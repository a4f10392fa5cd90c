import { createHash } from 'node:crypto';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_SOURCE, type EventType } from '../../shared/events/event-types';
import type { ImgfrontFunctionProps } from '../functions/imgfront-function';
import { WebhookSignerFunction } from '../functions/webhook-signer-function';
import { acknowledgeNagRule } from './nag';
import { createDeadLetterQueue } from './purge-queue';

/** One HTTPS receiver of imgfront's events. */
export interface WebhookProps {
  /** HTTPS URL the events are POSTed to (one webhook per URL). */
  readonly url: string;
  /** The event types it receives (`detail-type`s, e.g. `Purge Completed`). */
  readonly events: readonly EventType[];
  /**
   * Name or complete ARN of a Secrets Manager secret (plain text) the requests are signed with
   * (`x-imgfront-webhook-signature`). Only the reference reaches the template; the signer Lambda reads
   * the value and never sends it.
   */
  readonly secret: string;
}

export interface EventDeliveryProps {
  /** @default `<stack name>-events` */
  readonly eventBusName?: string;
  /** @default none */
  readonly webhooks?: readonly WebhookProps[];
  /**
   * Logs, removal and tracing of the webhook signer Lambda (made only when there are webhooks).
   * @default one month of logs, destroyed with the stack, no tracing
   */
  readonly functionProps?: ImgfrontFunctionProps;
}

/** Retries EventBridge makes when it cannot invoke the signer, before the event goes to the dead-letter queue. */
export const WEBHOOK_RETRY_ATTEMPTS = 12;
/** How long EventBridge, then Lambda's async queue, keep one webhook event. */
export const WEBHOOK_MAX_EVENT_AGE = Duration.hours(6);

/** A construct id that stays the same when webhooks are reordered or added. */
const webhookId = (url: string) => `Webhook${createHash('sha256').update(url).digest('hex').slice(0, 8)}`;

/**
 * imgfront's event bus and its webhooks: per webhook an EventBridge rule on the chosen event types
 * whose target is the webhook signer Lambda (API destinations cannot sign bodies), with the
 * destination in the target input; the rules and the signer's failed async invocations share one
 * dead-letter queue.
 */
export class EventDelivery extends Construct {
  readonly bus: events.EventBus;
  readonly deadLetterQueue: sqs.Queue;
  /** Absent when no webhook is configured. */
  readonly signer: WebhookSignerFunction | undefined;

  constructor(scope: Construct, id: string, props: EventDeliveryProps = {}) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: props.eventBusName ?? `${Stack.of(this).stackName}-events`,
      description: 'imgfront events: versions recorded, purges requested and completed, origins failing',
    });
    this.deadLetterQueue = createDeadLetterQueue(this, 'WebhookDeadLetters');
    acknowledgeNagRule(
      this.deadLetterQueue,
      'SQS3',
      'This queue is the dead-letter queue of the webhook rules (EventBridge DeadLetterConfig, which cdk-nag does not recognise) and of the signer Lambda; it raises an alarm as soon as one event lands in it.',
    );
    const webhooks = props.webhooks ?? [];
    if (webhooks.length === 0) return;
    const signer = new WebhookSignerFunction(this, 'WebhookSigner', {
      logRetention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
      ...props.functionProps,
      deadLetterQueue: this.deadLetterQueue,
      ruleRetryAttempts: WEBHOOK_RETRY_ATTEMPTS,
      maxEventAge: WEBHOOK_MAX_EVENT_AGE,
    });
    this.signer = signer;
    for (const webhook of webhooks) {
      // The same construct path as when webhooks went through API destinations: the rules are kept.
      const rule = new events.Rule(new Construct(this, webhookId(webhook.url)), 'Rule', {
        eventBus: this.bus,
        description: `imgfront ${webhook.events.join(', ')} to ${webhook.url}`,
        eventPattern: { source: [EVENT_SOURCE], detailType: [...webhook.events] },
      });
      signer.deliverTo(rule, webhook);
    }
  }
}
