import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The headers a webhook request carries, Stripe / Standard Webhooks style: the event's id, the unix
 * second it was signed at, and `v1=<hex HMAC-SHA256 over "<timestamp>.<body>">` with the destination's
 * secret. The timestamp is inside the signed string, so a receiver can refuse old (replayed) requests.
 */
export const WEBHOOK_HEADERS = {
  id: 'x-imgfront-webhook-id',
  timestamp: 'x-imgfront-webhook-timestamp',
  signature: 'x-imgfront-webhook-signature',
} as const;

/** The scheme prefix of the signature header; a new scheme would get `v2=`. */
export const SIGNATURE_SCHEME = 'v1';

/** The bytes the signature covers: `<timestamp>.<body>`, the body exactly as sent. */
function signatureOf(secret: string, timestamp: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/**
 * Every header of one delivery of `body` (already serialised: these exact bytes must be sent). Signed
 * anew for each attempt, so a retry hours later still carries a fresh timestamp.
 */
export function signWebhook(
  body: string,
  options: { id: string; secret: string; timestampSeconds: number },
): Record<string, string> {
  const timestamp = String(Math.floor(options.timestampSeconds));
  return {
    'content-type': 'application/json',
    [WEBHOOK_HEADERS.id]: options.id,
    [WEBHOOK_HEADERS.timestamp]: timestamp,
    [WEBHOOK_HEADERS.signature]: `${SIGNATURE_SCHEME}=${signatureOf(options.secret, timestamp, body)}`,
  };
}

/** Whether `header` is the `v1=` signature of `<timestamp>.<body>` under `secret`, compared in constant time. */
export function signatureMatches(
  header: string,
  options: { secret: string; timestamp: string; body: string | Buffer },
): boolean {
  const given = Buffer.from(header);
  const expected = Buffer.from(
    `${SIGNATURE_SCHEME}=${signatureOf(options.secret, options.timestamp, options.body)}`,
  );
  // timingSafeEqual throws on unequal lengths; the length of a hex HMAC is no secret.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
