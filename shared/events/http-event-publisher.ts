import { randomUUID } from 'node:crypto';
import type { EventLog } from '../log/event-log';
import type { EventPublisher } from './event-publisher';
import { EVENT_SOURCE, type ImgfrontEvent } from './event-types';
import { WEBHOOK_SECRET_HEADER, type WebhookEvent } from './webhook-auth';

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
 * event, as a webhook delivers it, to one URL with the secret header. Failures are logged, never thrown.
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

  async function post(event: ImgfrontEvent): Promise<void> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [WEBHOOK_SECRET_HEADER]: secret },
        body: JSON.stringify(envelopeOf(event, now(), options.region ?? 'local')),
        signal: AbortSignal.timeout(POST_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      if (!response.ok) log('warn', 'event receiver refused an event', { status: response.status });
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      log('warn', 'event not delivered', { detailType: event.detailType, error: name });
    }
  }

  return {
    publish: async (events) => {
      await Promise.all(events.map(post));
    },
  };
}
