import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import { limit, type ImageError } from '../errors/image-error';
import { bareHostname, type ConnectGuard } from './connect-guard';
import { fromNetworkError, timedOut, unavailable } from './origin-errors';

/** Per-phase deadlines for one origin request; a trickling origin fails within `bodyMs`. */
export interface OriginTimeouts {
  /** DNS lookup plus TCP connect. @default 3000 */
  connectMs: number;
  /** From sending the request to the response's status line and headers (includes TLS). @default 5000 */
  headersMs: number;
  /** From the headers to the last byte of the body. @default 10000 */
  bodyMs: number;
}

export const DEFAULT_ORIGIN_TIMEOUTS: OriginTimeouts = { connectMs: 3000, headersMs: 5000, bodyMs: 10_000 };

/** One HTTP exchange. `body` is read (and capped) only for 2xx answers; others are not downloaded. */
export interface Exchange {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer | undefined;
}

/** Connection pools, one per scheme; every new connection in them goes through the guard's `lookup`. */
export interface OriginAgents {
  http: http.Agent;
  https: https.Agent;
}

export interface ExchangeOptions {
  guard: ConnectGuard;
  agents: OriginAgents;
  timeouts: OriginTimeouts;
  /** Largest body accepted; bigger bodies fail with ELIMIT without being buffered. */
  maxBytes: number;
  /** The request's overall deadline. */
  signal: AbortSignal;
}

const contentLengthOf = (headers: IncomingHttpHeaders): number | undefined => {
  const raw = headers['content-length'];
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
};

/**
 * Sends one GET to `url` (http or https, no redirects followed) through the connect guard, enforcing
 * the connect, headers and body deadlines, the request's signal and the body cap. Always settles with
 * an Exchange or an ImageError; only a connection that answered a whole 2xx stays open, in its pool.
 */
export function guardedGet(
  url: URL,
  headers: OutgoingHttpHeaders,
  options: ExchangeOptions,
): Promise<Exchange> {
  const { guard, agents, timeouts, maxBytes, signal } = options;
  const where = `${url.origin}${url.pathname}`;
  return new Promise((resolve, reject) => {
    const timers: NodeJS.Timeout[] = [];
    let request: http.ClientRequest | undefined;
    let settled = false;

    /** A fully read 2xx leaves its connection to the pool; anything else closes it. */
    const settle = (outcome: { error: ImageError } | { exchange: Exchange }, reusable = false): void => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      signal.removeEventListener('abort', onAbort);
      if (!reusable) request?.destroy();
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome.exchange);
    };
    const fail = (error: unknown): void => settle({ error: fromNetworkError(error, where) });
    const deadline = (ms: number, what: string): NodeJS.Timeout => {
      const timer = setTimeout(() => fail(timedOut(`${where}: no ${what} within ${ms} ms`)), ms);
      timers.push(timer);
      return timer;
    };
    function onAbort(): void {
      fail(timedOut(`${where}: the request deadline passed`));
    }

    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      guard.checkLiteralHost(url.hostname);
      const secure = url.protocol === 'https:';
      request = (secure ? https : http).request({
        protocol: url.protocol,
        hostname: bareHostname(url.hostname),
        port: url.port,
        path: url.pathname + url.search,
        method: 'GET',
        headers,
        // Pooled connections were guarded when they connected; IP literals are checked per request above.
        agent: secure ? agents.https : agents.http,
        lookup: guard.lookup,
      });
    } catch (error) {
      return fail(error);
    }

    const connectTimer = deadline(timeouts.connectMs, 'connection');
    const headersTimer = deadline(timeouts.headersMs, 'response headers');
    request.on('socket', (socket) => socket.once('connect', () => clearTimeout(connectTimer)));
    request.on('error', fail);
    request.on('response', (response) => {
      clearTimeout(connectTimer);
      clearTimeout(headersTimer);
      const status = response.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        return settle({ exchange: { status, headers: response.headers, body: undefined } });
      }
      const declared = contentLengthOf(response.headers);
      const tooLarge = () => limit(`The original is larger than ${maxBytes} bytes`, { internal: where });
      if (declared !== undefined && declared > maxBytes) return settle({ error: tooLarge() });

      deadline(timeouts.bodyMs, 'complete body');
      const chunks: Buffer[] = [];
      let received = 0;
      const truncated = () =>
        unavailable(`${where}: body ended after ${received} of ${declared ?? 'unknown'} bytes`);
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > maxBytes) return settle({ error: tooLarge() });
        chunks.push(chunk);
      });
      response.on('end', () => {
        if (declared !== undefined && received !== declared) return settle({ error: truncated() });
        settle(
          { exchange: { status, headers: response.headers, body: Buffer.concat(chunks, received) } },
          true,
        );
      });
      response.on('error', fail);
      response.on('close', () => {
        if (!response.complete) settle({ error: truncated() });
      });
    });
    request.end();
  });
}
