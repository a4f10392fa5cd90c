import { randomUUID } from 'node:crypto';
import { ImageError } from '../errors/image-error';
import type { EventLog } from '../log/event-log';
import type { EventPublisher } from './event-publisher';
import { EVENT_SOURCE, type ImgfrontEvent } from './event-types';
import type { WebhookEvent } from './webhook-auth';
import { createWebhookDelivery } from './webhook-delivery';

/** A receiver that does not answer within this long is logged and skipped. */
const POST_TIMEOUT_MS = 2000;

/** The envelope EventBridge puts around a detail, so a receiver written locally works unchanged in AWS. */
export function envelopeOf(event: ImgfrontEvent, at: number, region: string): WebhookEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': event.detailType,
    source: EVENT_SOURCE,
    account: '000000000000',
    time: new Date(at - (at % 1000)).toISOString().replace('.000Z', 'Z'),
    region,
    resources: [],
    detail: { ...event.detail },
  };
}

/**
 * The local stand-in for the bus and its webhooks (`npm start` with `IMGFRONT_EVENTS_URL`): POSTs each
 * event to one URL signed exactly as the webhook signer Lambda signs it, once (no retries). The URL's
 * host may be private or plain http: the operator named it. Failures are logged, never thrown.
 */
export function createHttpEventPublisher(options: {
  url: string;
  secret: string;
  log: EventLog;
  region?: string;
  now?: () => number;
}): EventPublisher {
  const { url, secret, log } = options;
  const now = options.now ?? Date.now;
  const delivery = createWebhookDelivery({
    allowPrivateHosts: URL.canParse(url) ? [new URL(url).hostname] : [],
    timeoutMs: POST_TIMEOUT_MS,
    attempts: 1,
    now,
  });

  async function post(event: ImgfrontEvent): Promise<void> {
    try {
      await delivery.deliver({ url, secret }, envelopeOf(event, now(), options.region ?? 'local'));
    } catch (error) {
      const internal = error instanceof ImageError ? error.internal : String(error);
      log('warn', 'event not delivered', { detailType: event.detailType, error: internal });
    }
  }

  return {
    publish: async (events) => {
      await Promise.all(events.map(post));
    },
  };
}
