import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { ImageError } from '../errors/image-error';
import { createConnectGuard, type ConnectGuard } from './connect-guard';
import {
  DEFAULT_ORIGIN_TIMEOUTS,
  guardedGet,
  type ExchangeOptions,
  type OriginAgents,
  type OriginTimeouts,
} from './guarded-get';
import { fromStatus, isWorthRetrying, originFailed, refusedDestination } from './origin-errors';

/** Most redirects followed for one original; each hop is re-checked from scratch. */
export const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Bounded retries for transient failures (5xx, 408, 429, resets, truncated bodies). */
export interface RetryPolicy {
  /** Extra attempts after the first. @default 2 */
  retries: number;
  /** Pause before the first retry, doubled for each further one. @default 100 */
  backoffMs: number;
}

export interface OriginHttpClientOptions {
  /** Sent as `User-Agent: imgfront/<version>`. */
  userAgentVersion: string;
  /** Hostnames or IPs that may be reached although private (tests, local stack). @default [] */
  allowPrivateHosts?: readonly string[];
  timeouts?: Partial<OriginTimeouts>;
  retry?: Partial<RetryPolicy>;
}

/** What one origin adds to a fetch: its own headers and its own rule for where redirects may go. */
export interface OriginRequest {
  /**
   * Headers for one hop, called again for every redirect target so credentials and signatures can be
   * limited to the configured origin.
   */
  headersFor(url: URL): Record<string, string>;
  /** Throws an ImageError when a redirect target is not acceptable to this origin. */
  checkRedirect?(url: URL): void;
}

/** The successful answer after redirects: where it came from, its headers and its (capped) body. */
export interface OriginResponse {
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The origin answered 304 to `ifNoneMatch`: the original is unchanged and `body` is empty. */
  notModified: boolean;
}

export interface OriginGetOptions {
  maxBytes: number;
  signal: AbortSignal;
  /** Asks conditionally: an origin holding this ETag still answers 304 instead of the bytes. */
  ifNoneMatch?: string;
}

export interface OriginHttpClient {
  get(url: URL, request: OriginRequest, options: OriginGetOptions): Promise<OriginResponse>;
}

const where = (url: URL): string => `${url.origin}${url.pathname}`;

function assertWebScheme(url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw refusedDestination(`unsupported scheme ${url.protocol} in ${url.href}`);
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, signal.aborted ? 0 : ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

function redirectTarget(headers: IncomingHttpHeaders, from: URL): URL {
  const location = headers.location;
  const failure = (why: string) => originFailed('The origin answered with an error', why);
  if (!location) throw failure(`${where(from)} redirected without a Location`);
  try {
    return new URL(location, from);
  } catch {
    throw failure(`${where(from)} redirected to an unparseable Location`);
  }
}

/**
 * Keep-alive pools for origin connections. Idle sockets close after 4 s, before the common 5 s server
 * keep-alive timeout, so a reused socket is rarely one the origin is closing; the guard's `lookup`
 * checks the address of every connection the pools open.
 */
function createOriginAgents(guard: ConnectGuard): OriginAgents {
  const options = { keepAlive: true, maxSockets: 32, maxFreeSockets: 8, timeout: 4000, lookup: guard.lookup };
  return { http: new http.Agent(options), https: new https.Agent(options) };
}

/**
 * Builds the one HTTP client web origins share: every hop goes through the connect guard (public
 * addresses only, checked on the address actually connected to), carries our identifying headers,
 * asks for an unencoded body (so the byte cap is the decoded size), has per-phase deadlines, and is
 * retried a bounded number of times while the request's deadline allows.
 */
/** Sent on every origin request; a request that arrives carrying it is one of ours coming back. */
export const ORIGIN_REQUEST_MARKER = 'x-imgfront-request';

export function createOriginHttpClient(options: OriginHttpClientOptions): OriginHttpClient {
  const guard = createConnectGuard(options.allowPrivateHosts);
  const timeouts: OriginTimeouts = { ...DEFAULT_ORIGIN_TIMEOUTS, ...options.timeouts };
  const retry: RetryPolicy = { retries: 2, backoffMs: 100, ...options.retry };
  const agents = createOriginAgents(guard);
  const identity = {
    'user-agent': `imgfront/${options.userAgentVersion}`,
    [ORIGIN_REQUEST_MARKER]: '1',
    'accept-encoding': 'identity',
  };

  async function getWithRetries(url: URL, headers: Record<string, string>, exchange: ExchangeOptions) {
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await guardedGet(url, headers, exchange);
        if (answer.status === 304 && headers['if-none-match'] !== undefined) return answer;
        if (answer.body === undefined && !REDIRECT_STATUSES.has(answer.status)) {
          throw fromStatus(answer.status, where(url));
        }
        return answer;
      } catch (error) {
        if (!(error instanceof ImageError) || !isWorthRetrying(error) || attempt >= retry.retries)
          throw error;
        await pause(retry.backoffMs * 2 ** attempt, exchange.signal);
      }
    }
  }

  return {
    async get(firstUrl, request, { maxBytes, signal, ifNoneMatch }) {
      const exchange: ExchangeOptions = { guard, agents, timeouts, maxBytes, signal };
      const conditional: Record<string, string> =
        ifNoneMatch === undefined ? {} : { 'if-none-match': ifNoneMatch };
      let url = firstUrl;
      assertWebScheme(url);
      for (let hop = 0; ; hop++) {
        // Our identifying headers go last so configured headers cannot drop them.
        const headers = { ...request.headersFor(url), ...conditional, ...identity };
        const answer = await getWithRetries(url, headers, exchange);
        if (answer.status === 304)
          return { url, headers: answer.headers, body: Buffer.alloc(0), notModified: true };
        if (answer.body !== undefined)
          return { url, headers: answer.headers, body: answer.body, notModified: false };
        if (hop === MAX_REDIRECTS) {
          throw originFailed(
            'The origin redirected too many times',
            `more than ${MAX_REDIRECTS} redirects, last from ${where(url)}`,
          );
        }
        url = redirectTarget(answer.headers, url);
        assertWebScheme(url);
        request.checkRedirect?.(url);
      }
    },
  };
}
