/** How long to wait between attempts while CloudFront has no room for another invalidation. */
export interface BackoffOptions {
  /** Attempts in total, including the first. @default 5 */
  attempts: number;
  /** Delay before the second attempt; doubles after each. @default 1000 */
  baseDelayMs: number;
  /** @default 8000 */
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 8000 };

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so concurrent
 * invalidators spread out while each still waits a predictable minimum.
 */
export function backoffDelay(
  afterAttempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (afterAttempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}
