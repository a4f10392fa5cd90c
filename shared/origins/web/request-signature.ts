import { createHmac } from 'node:crypto';

/** Header carrying the Unix time (seconds) the request was signed at. */
export const TIMESTAMP_HEADER = 'x-imgfront-timestamp';
/** Header carrying the lowercase hex HMAC-SHA256 signature. */
export const SIGNATURE_HEADER = 'x-imgfront-signature';

/**
 * Signs one origin request so the origin can tell it came from us (the idea of imgix's
 * `X-Imgix-Signature`). The scheme, for origin owners:
 *
 *     X-Imgfront-Timestamp: <Unix seconds>
 *     X-Imgfront-Signature: hex(HMAC-SHA256(key, "GET\n" + host + "\n" + path + "\n" + timestamp))
 *
 * `key` is the UTF-8 bytes of the configured secret, `host` the Host header as sent (lowercase, with
 * the port only when it is not the scheme's default), `path` the request target as sent (percent-
 * encoded path plus any query: Node's `req.url`). To verify, recompute it, compare in constant time,
 * and reject timestamps more than a few minutes from your clock so captured requests cannot be replayed.
 */
export function signOriginRequest(url: URL, key: string, nowMs: number): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const payload = ['GET', url.host, url.pathname + url.search, timestamp].join('\n');
  return {
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: createHmac('sha256', key).update(payload).digest('hex'),
  };
}
