import { timingSafeEqual } from 'node:crypto';
import { EVENT_SOURCE } from './event-types';

/**
 * The header every webhook request carries the destination's secret in. EventBridge API destinations
 * authenticate with a header (an "API key" connection); they cannot sign bodies, so the receiver
 * compares this header and checks the event's own `time` and `id` against replays.
 */
export const WEBHOOK_SECRET_HEADER = 'x-imgfront-webhook-secret';

/** Events older than this are refused as replays. @default 5 minutes */
export const DEFAULT_WEBHOOK_TOLERANCE_MS = 5 * 60 * 1000;

/** An imgfront event as a webhook receiver gets it: EventBridge's envelope around the detail. */
export interface WebhookEvent {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  /** ISO 8601, to the second. */
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export type WebhookVerdict = { ok: true; event: WebhookEvent } | { ok: false; reason: string };

const sameSecret = (given: string, expected: string): boolean => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  // timingSafeEqual throws on unequal lengths; the length itself is not the secret.
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * What a receiver runs on each webhook request: the secret header must match (constant time), the body
 * must be an imgfront event, and its `time` must be recent. Receivers also keep the ids they have seen
 * for the tolerance window (delivery is at least once).
 */
export function verifyWebhook(
  request: { headers: Record<string, string | string[] | undefined>; body: string },
  options: { secret: string; now?: number; toleranceMs?: number },
): WebhookVerdict {
  const header = request.headers[WEBHOOK_SECRET_HEADER];
  if (typeof header !== 'string' || !sameSecret(header, options.secret)) {
    return { ok: false, reason: `missing or wrong ${WEBHOOK_SECRET_HEADER}` };
  }
  let event: WebhookEvent;
  try {
    event = JSON.parse(request.body) as WebhookEvent;
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  if (
    event.source !== EVENT_SOURCE ||
    typeof event.id !== 'string' ||
    typeof event.detail !== 'object' ||
    event.detail === null
  ) {
    return { ok: false, reason: 'not an imgfront event' };
  }
  const age = (options.now ?? Date.now()) - Date.parse(event.time);
  const tolerance = options.toleranceMs ?? DEFAULT_WEBHOOK_TOLERANCE_MS;
  if (!(Math.abs(age) <= tolerance))
    return { ok: false, reason: `event time ${event.time} is outside the window` };
  return { ok: true, event };
}
