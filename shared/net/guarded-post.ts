import http from 'node:http';
import https from 'node:https';
import { ImageError } from '../errors/image-error';
import { bareHostname, type ConnectGuard } from './connect-guard';

/** How one POST ended: the receiver's status, or why no status came back. */
export type PostOutcome =
  | { status: number }
  /** `refused`: the guard would not connect (private address); nothing was sent. */
  | { failure: 'refused' | 'network' | 'timeout'; detail: string };

/**
 * POSTs `body` to `url` (no redirects followed) through the connect guard, as the origins connect: IP
 * literals checked before the request, every resolved address checked at connect time. The whole
 * exchange (connect, TLS, headers) must finish within `timeoutMs`; the response body is discarded.
 * Never rejects.
 */
export function guardedPost(
  url: URL,
  headers: Record<string, string>,
  body: string,
  options: { guard: ConnectGuard; timeoutMs: number },
): Promise<PostOutcome> {
  const { guard, timeoutMs } = options;
  return new Promise((resolve) => {
    let request: http.ClientRequest | undefined;
    const settle = (outcome: PostOutcome) => {
      clearTimeout(timer);
      request?.destroy();
      resolve(outcome);
    };
    // The guard's refusals are the only ImageErrors on this path; sockets fail with errno codes.
    const fail = (error: unknown) =>
      error instanceof ImageError
        ? settle({ failure: 'refused', detail: error.internal ?? error.message })
        : settle({ failure: 'network', detail: (error as NodeJS.ErrnoException).code ?? String(error) });
    const timer = setTimeout(
      () => settle({ failure: 'timeout', detail: `no answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
    try {
      guard.checkLiteralHost(url.hostname);
      const secure = url.protocol === 'https:';
      request = (secure ? https : http).request({
        protocol: url.protocol,
        hostname: bareHostname(url.hostname),
        port: url.port,
        path: url.pathname + url.search,
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guard.lookup,
        // One connection per delivery: a pooled socket would skip the guard's connect-time check.
        agent: false,
      });
    } catch (error) {
      return fail(error);
    }
    request.on('error', fail);
    request.on('response', (response) => {
      response.resume();
      settle({ status: response.statusCode ?? 0 });
    });
    request.end(body);
  });
}
