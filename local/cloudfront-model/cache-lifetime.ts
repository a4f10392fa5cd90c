import { CACHE_TTL_SECONDS } from '../../infra/edge/cache-behavior';
import {
  ERROR_CACHING_MIN_TTL_SECONDS,
  isCacheableErrorStatus,
  NO_STORE_HONOURED_STATUSES,
} from '../../infra/edge/error-caching';

type Headers = Record<string, string | string[] | undefined>;

/**
 * Statuses CloudFront caches by the cache policy's TTLs: successes and redirects (not a 304, which
 * only refreshes an entry, nor a 206 part), and 410; 307 and 308 only with a `Cache-Control`.
 */
const isCachedByPolicy = (status: number, hasCacheControl: boolean) =>
  status === 410 ||
  (status >= 200 &&
    status < 400 &&
    status !== 206 &&
    status !== 304 &&
    (hasCacheControl || (status !== 307 && status !== 308)));

const secondsDirective = (cacheControl: string, name: string): number | undefined => {
  const match = new RegExp(`(?:^|,)\\s*${name}\\s*=\\s*"?(\\d+)`, 'i').exec(cacheControl);
  return match ? Number(match[1]) : undefined;
};

const clamp = (seconds: number) => Math.min(Math.max(seconds, CACHE_TTL_SECONDS.min), CACHE_TTL_SECONDS.max);

/**
 * How long CloudFront keeps a response, in seconds (0: not cached). Successes follow `s-maxage`,
 * else `max-age`, else the policy's default TTL, within its bounds; `no-store`, `no-cache` and
 * `private` opt out (the minimum TTL is 0). Errors are kept for the larger of their max-age and the
 * status's error-caching minimum, as the distribution's custom error responses configure.
 */
export function cacheLifetimeSeconds(status: number, headers: Headers): number {
  const cacheControl = [headers['cache-control'] ?? ''].flat().join(',');
  const maxAge = secondsDirective(cacheControl, 's-maxage') ?? secondsDirective(cacheControl, 'max-age');
  const optsOut = /(?:^|,)\s*(no-store|no-cache|private)\b/i.test(cacheControl);
  if (isCachedByPolicy(status, cacheControl !== '')) {
    return optsOut ? 0 : clamp(maxAge ?? CACHE_TTL_SECONDS.default);
  }
  if (isCacheableErrorStatus(status)) {
    if (optsOut && NO_STORE_HONOURED_STATUSES.includes(status)) return 0;
    return clamp(Math.max(maxAge ?? 0, ERROR_CACHING_MIN_TTL_SECONDS[status]));
  }
  return 0;
}
