import { EVENT_SOURCE } from './event-types';
import { signatureMatches, WEBHOOK_HEADERS } from './webhook-signature';

/** Requests signed longer ago (or further ahead) than this are refused as replays. @default 5 minutes */
export const DEFAULT_WEBHOOK_TOLERANCE_MS = 5 * 60 * 1000;

/** An imgfront event as a webhook receiver gets it: EventBridge's envelope around the detail. */
export interface WebhookEvent {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  /** ISO 8601, to the second: when the event happened (a retried delivery can be hours later). */
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export type WebhookVerdict = { ok: true; event: WebhookEvent } | { ok: false; reason: string };

type Headers = Record<string, string | string[] | undefined>;

/** One header's value whatever the case of its name; repeated headers count as missing. */
function headerOf(headers: Headers, name: string): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return typeof value === 'string' ? value : undefined;
}

const refuse = (reason: string): WebhookVerdict => ({ ok: false, reason });

/**
 * What a receiver runs on each webhook request, before trusting anything in it: the signature header
 * must be the HMAC of `<timestamp>.<raw body>` under the secret (constant-time compare), the timestamp
 * within the tolerance of now, and the body an imgfront event whose `id` is the id header. Receivers
 * also keep the ids they have seen for the tolerance window (delivery is at least once).
 */
export function verifyWebhook(
  request: { headers: Headers; body: string | Buffer },
  options: { secret: string; now?: number; toleranceMs?: number },
): WebhookVerdict {
  const timestamp = headerOf(request.headers, WEBHOOK_HEADERS.timestamp);
  const signature = headerOf(request.headers, WEBHOOK_HEADERS.signature);
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp))
    return refuse(`missing or malformed ${WEBHOOK_HEADERS.timestamp}`);
  if (signature === undefined || !signatureMatches(signature, { ...options, timestamp, body: request.body }))
    return refuse(`missing or wrong ${WEBHOOK_HEADERS.signature}`);
  const age = (options.now ?? Date.now()) - Number(timestamp) * 1000;
  if (Math.abs(age) > (options.toleranceMs ?? DEFAULT_WEBHOOK_TOLERANCE_MS))
    return refuse(`${WEBHOOK_HEADERS.timestamp} ${timestamp} is outside the window`);

  let event: WebhookEvent;
  try {
    event = JSON.parse(request.body.toString()) as WebhookEvent;
  } catch {
    return refuse('body is not JSON');
  }
  if (
    event === null ||
    event.source !== EVENT_SOURCE ||
    typeof event.id !== 'string' ||
    typeof event.detail !== 'object' ||
    event.detail === null
  ) {
    return refuse('not an imgfront event');
  }
  if (headerOf(request.headers, WEBHOOK_HEADERS.id) !== event.id)
    return refuse(`${WEBHOOK_HEADERS.id} is not the event's id`);
  return { ok: true, event };
}
