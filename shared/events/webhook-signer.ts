import { z } from 'zod';
import { invalid } from '../errors/image-error';
import type { SecretResolver } from '../secrets/secret-resolver';
import { EVENT_SOURCE } from './event-types';
import type { DeliveryReport, WebhookDelivery } from './webhook-delivery';

/**
 * What an EventBridge webhook rule hands the signer Lambda (its target input): the destination, with
 * the Secrets Manager name or ARN of its secret (never the value), and the event as the bus got it.
 */
const invocationSchema = z.object({
  webhook: z.object({ url: z.string().min(1), secret: z.string().min(1) }),
  // A record keeps the keys in the order the bus sent them: the body is this object, serialised once.
  event: z.record(z.string(), z.unknown()),
});

type ImgfrontEnvelope = Readonly<Record<string, unknown>> & { readonly id: string };

const isImgfrontEnvelope = (event: Readonly<Record<string, unknown>>): event is ImgfrontEnvelope =>
  typeof event.id === 'string' &&
  event.id !== '' &&
  event.source === EVENT_SOURCE &&
  typeof event.detail === 'object' &&
  event.detail !== null;

/** Signs and delivers one event to one webhook: `deadlineAt` (ms since the epoch) bounds the retries. */
export type WebhookSigner = (input: unknown, deadlineAt: number) => Promise<DeliveryReport & { url: string }>;

/**
 * The signer Lambda's work: check the input, read the destination's secret (the resolver caches it in
 * the warm function), deliver. Every failure throws, so Lambda's async retries and then the webhook
 * dead-letter queue take over.
 */
export function createWebhookSigner(options: {
  secrets: SecretResolver;
  delivery: WebhookDelivery;
}): WebhookSigner {
  return async (input, deadlineAt) => {
    const parsed = invocationSchema.safeParse(input);
    if (!parsed.success) {
      throw invalid('Not a webhook invocation', { internal: z.prettifyError(parsed.error) });
    }
    const { webhook, event } = parsed.data;
    if (!isImgfrontEnvelope(event)) {
      throw invalid('Not a webhook invocation', { internal: 'event is not an imgfront event with an id' });
    }
    const secret = await options.secrets.resolve({ source: 'secretsmanager', id: webhook.secret });
    const report = await options.delivery.deliver({ url: webhook.url, secret }, event, deadlineAt);
    return { ...report, url: webhook.url };
  };
}
