import { createHash } from 'node:crypto';
import { Duration, SecretValue, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_SOURCE, type EventType } from '../../shared/events/event-types';
import { WEBHOOK_SECRET_HEADER } from '../../shared/events/webhook-auth';
import { acknowledgeNagRule } from './nag';
import { createDeadLetterQueue } from './purge-queue';

/** One HTTPS receiver of imgfront's events. */
export interface WebhookProps {
  /** HTTPS URL the events are POSTed to (one webhook per URL). */
  readonly url: string;
  /** The event types it receives (`detail-type`s, e.g. `Purge Completed`). */
  readonly events: readonly EventType[];
  /**
   * Name or ARN of a Secrets Manager secret (plain text) sent in the `x-imgfront-webhook-secret` header.
   * Only a dynamic reference reaches the template; EventBridge keeps the value in its own secret.
   */
  readonly secret: string;
}

export interface EventDeliveryProps {
  /** @default `<stack name>-events` */
  readonly eventBusName?: string;
  /** @default none */
  readonly webhooks?: readonly WebhookProps[];
}

/** Retries EventBridge makes before a webhook event goes to the dead-letter queue. */
export const WEBHOOK_RETRY_ATTEMPTS = 12;
/** How long EventBridge keeps retrying one webhook event. */
export const WEBHOOK_MAX_EVENT_AGE = Duration.hours(6);

/** A construct id that stays the same when webhooks are reordered or added. */
const webhookId = (url: string) => `Webhook${createHash('sha256').update(url).digest('hex').slice(0, 8)}`;

/**
 * imgfront's event bus and its webhooks: per webhook an EventBridge rule on the chosen event types, an
 * API destination with an API-key connection (the secret header), retries and a shared dead-letter queue.
 */
export class EventDelivery extends Construct {
  readonly bus: events.EventBus;
  readonly deadLetterQueue: sqs.Queue;

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
      'This queue is the dead-letter queue of the webhook rules (EventBridge DeadLetterConfig, which cdk-nag does not recognise); it raises an alarm as soon as one event lands in it.',
    );
    for (const webhook of props.webhooks ?? []) this.addWebhook(webhook);
  }

  private addWebhook(webhook: WebhookProps): void {
    const scope = new Construct(this, webhookId(webhook.url));
    const connection = new events.Connection(scope, 'Connection', {
      description: `imgfront webhook ${webhook.url}`,
      authorization: events.Authorization.apiKey(
        WEBHOOK_SECRET_HEADER,
        SecretValue.secretsManager(webhook.secret),
      ),
    });
    const destination = new events.ApiDestination(scope, 'Destination', {
      description: `imgfront webhook ${webhook.url}`,
      connection,
      endpoint: webhook.url,
      httpMethod: events.HttpMethod.POST,
    });
    new events.Rule(scope, 'Rule', {
      eventBus: this.bus,
      description: `imgfront ${webhook.events.join(', ')} to ${webhook.url}`,
      eventPattern: { source: [EVENT_SOURCE], detailType: [...webhook.events] },
      targets: [
        new targets.ApiDestination(destination, {
          deadLetterQueue: this.deadLetterQueue,
          retryAttempts: WEBHOOK_RETRY_ATTEMPTS,
          maxEventAge: WEBHOOK_MAX_EVENT_AGE,
        }),
      ],
    });
  }
}
