import { createHmac, timingSafeEqual } from 'node:crypto';
import { ImageError } from '../errors/image-error';
import type { HttpRequest } from '../http/types';
import type { SecretRef } from '../registry/endpoint-schema';
import type { SecretResolver } from '../secrets/secret-resolver';
import { EXPLAIN_PARAM } from './explain-param';

export { EXPLAIN_PARAM };
/** A token valid longer than this is refused: a leaked one must stop working soon. */
export const MAX_EXPLAIN_TOKEN_SECONDS = 3600;

const signature = (key: string, expiresAt: number) =>
  createHmac('sha256', key).update(`${EXPLAIN_PARAM}\n${expiresAt}`).digest('base64url');

/** `<expiry>.<hmac>`: HMAC-SHA256 (base64url) of the expiry with the deployment's explain key. */
export const signExplainToken = (key: string, expiresAt: number): string =>
  `${expiresAt}.${signature(key, expiresAt)}`;

/**
 * The request without its `imgfront-explain` parameter (removed by position, so the rest of the
 * query, which URL signatures cover, stays byte for byte), and the token when there was one.
 */
export function takeExplainToken(request: HttpRequest): { request: HttpRequest; token: string | undefined } {
  const parts = request.rawQueryString === '' ? [] : request.rawQueryString.split('&');
  const isExplain = (part: string) => part.split('=', 1)[0]?.toLowerCase() === EXPLAIN_PARAM;
  const found = parts.filter(isExplain);
  if (found.length === 0) return { request, token: undefined };
  if (found.length > 1)
    throw refuse(`Expected one "${EXPLAIN_PARAM}" parameter but received ${found.length}`);
  // Not decoded: a valid token is digits, a dot and base64url, which need no encoding.
  const token = (found[0] ?? '').slice(EXPLAIN_PARAM.length + 1);
  const rawQueryString = parts.filter((part) => !isExplain(part)).join('&');
  return { request: { ...request, rawQueryString }, token };
}

const refuse = (message: string) => new ImageError('ESIGNATURE', message);

/** Accepts a token the key signed that has not expired and does not outlive the maximum lifetime. */
export function verifyExplainToken(token: string, key: string, nowSeconds: number): void {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) throw refuse(`Expected <expiry>.<hmac> for "${EXPLAIN_PARAM}"`);
  const expiresAt = Number(match[1]);
  const expected = Buffer.from(signature(key, expiresAt));
  const given = Buffer.from(match[2] ?? '');
  // Lengths are equal by the pattern; timingSafeEqual would throw otherwise.
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw refuse(`The "${EXPLAIN_PARAM}" token is not valid`);
  if (expiresAt < nowSeconds) throw refuse(`The "${EXPLAIN_PARAM}" token has expired`);
  if (expiresAt > nowSeconds + MAX_EXPLAIN_TOKEN_SECONDS)
    throw refuse(`The "${EXPLAIN_PARAM}" token may be valid for at most ${MAX_EXPLAIN_TOKEN_SECONDS} s`);
}

/** Checks a token against the deployment's explain key; a deployment without one refuses every token. */
export async function authorizeExplain(
  token: string,
  keyRef: SecretRef | undefined,
  secrets: SecretResolver,
  nowSeconds: number,
): Promise<void> {
  if (keyRef === undefined) throw refuse('Explain is not enabled on this deployment');
  verifyExplainToken(token, await secrets.resolve(keyRef), nowSeconds);
}
