import { ImageError } from '../errors/image-error';
import { bareHostname, createConnectGuard } from '../net/connect-guard';
import { guardedPost, type PostOutcome } from '../net/guarded-post';
import { signWebhook } from './webhook-signature';

/** Where one webhook goes and the secret its requests are signed with. */
export interface WebhookDestination {
  url: string;
  secret: string;
}

export interface WebhookDeliveryOptions {
  /**
   * Hosts that may be reached although private, and over plain http (tests, `npm start` only).
   * Everything else must be `https:` at a public address. @default []
   */
  allowPrivateHosts?: readonly string[];
  /** Deadline for one POST, connect to response headers. @default 5000 */
  timeoutMs?: number;
  /** Attempts in all, the first included; retried on 5xx, 408, 429, network errors and timeouts. @default 3 */
  attempts?: number;
  /** Pause before the second attempt, doubled for each further one. @default 500 */
  backoffMs?: number;
  /** @default Date.now */
  now?: () => number;
}

/** What a delivered webhook reports (for the log line). */
export interface DeliveryReport {
  status: number;
  attempts: number;
}

export interface WebhookDelivery {
  /**
   * Serialises `event` (an EventBridge envelope; its `id` is the id header) once and POSTs those bytes, signed, until the receiver answers 2xx; throws an
   * ImageError when it refuses, stays down past the last attempt or `deadlineAt`, or may not be reached.
   */
  deliver(
    destination: WebhookDestination,
    event: { readonly id: string },
    deadlineAt?: number,
  ): Promise<DeliveryReport>;
}

const retryable = (outcome: PostOutcome): boolean =>
  'failure' in outcome
    ? outcome.failure !== 'refused'
    : outcome.status >= 500 || outcome.status === 408 || outcome.status === 429;

/** The error a failed delivery throws: retryable ones answer 503 in logs and let Lambda retry later. */
function deliveryFailed(url: URL, outcome: PostOutcome, attempts: number): ImageError {
  const where = `${url.origin}${url.pathname}`;
  if ('status' in outcome) {
    return new ImageError('UNIDENTIFIED', 'The webhook receiver answered with an error', {
      internal: `${where} answered ${outcome.status} after ${attempts} attempt(s)`,
      retryable: retryable(outcome),
    });
  }
  const code = outcome.failure === 'timeout' ? 'ETIMEDOUT' : 'ECONNREFUSED';
  return new ImageError(code, 'The webhook receiver could not be reached', {
    internal: `${where}: ${outcome.failure} (${outcome.detail}) after ${attempts} attempt(s)`,
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Signed webhook deliveries through the origins' connect guard: HTTPS to public addresses only
 * (unless a host is allowed on purpose), a deadline per POST, bounded retries with backoff.
 */
export function createWebhookDelivery(options: WebhookDeliveryOptions = {}): WebhookDelivery {
  const allowed = new Set((options.allowPrivateHosts ?? []).map(bareHostname));
  const guard = createConnectGuard(options.allowPrivateHosts);
  const timeoutMs = options.timeoutMs ?? 5000;
  const attempts = options.attempts ?? 3;
  const backoffMs = options.backoffMs ?? 500;
  const now = options.now ?? Date.now;

  function targetOf(raw: string): URL {
    const url = URL.canParse(raw) ? new URL(raw) : undefined;
    const plainHttpAllowed = url?.protocol === 'http:' && allowed.has(bareHostname(url.hostname));
    if (url === undefined || !(url.protocol === 'https:' || plainHttpAllowed)) {
      throw new ImageError('ECONNREFUSED', 'The webhook receiver could not be reached', {
        internal: `webhook URL must be https:// but is ${url === undefined ? 'unparseable' : url.protocol}`,
      });
    }
    return url;
  }

  return {
    async deliver(destination, event, deadlineAt = Number.POSITIVE_INFINITY) {
      const url = targetOf(destination.url);
      const body = JSON.stringify(event);
      for (let attempt = 1; ; attempt++) {
        const headers = signWebhook(body, {
          id: event.id,
          secret: destination.secret,
          timestampSeconds: now() / 1000,
        });
        const outcome = await guardedPost(url, headers, body, { guard, timeoutMs });
        if ('status' in outcome && outcome.status >= 200 && outcome.status < 300)
          return { status: outcome.status, attempts: attempt };
        const wait = backoffMs * 2 ** (attempt - 1);
        const timeLeft = deadlineAt - Date.now() > wait + timeoutMs;
        if (!retryable(outcome) || attempt >= attempts || !timeLeft)
          throw deliveryFailed(url, outcome, attempt);
        await pause(wait);
      }
    },
  };
}
