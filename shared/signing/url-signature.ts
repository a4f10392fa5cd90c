import { createHmac, timingSafeEqual } from 'node:crypto';
import { ImageError } from '../errors/image-error';
import type { ImagePath } from '../origins/types';
import { serializeChain } from '../url/chain';
import { encodePath } from '../url/path';
import type { TransformStep } from '../url/transform-spec';

/** What a signature covers: the canonical form the service actually interprets, never the raw URL. */
export interface SignedContent {
  endpointId: string;
  path: ImagePath;
  steps: readonly TransformStep[];
  version: string | undefined;
  /** Unix seconds. */
  expiresAt: number | undefined;
}

/**
 * `/<endpoint>/<encoded path>?tr=<canonical chain>&v=<version>\n<expiry>`: the same string whether the
 * URL used the path or the query form, in any parameter order.
 */
export function signingString(content: SignedContent): string {
  const chain = serializeChain(content.steps);
  const query = [chain ? `tr=${chain}` : '', content.version ? `v=${content.version}` : '']
    .filter(Boolean)
    .join('&');
  return `/${content.endpointId}/${encodePath(content.path)}${query ? `?${query}` : ''}\n${content.expiresAt ?? ''}`;
}

/** HMAC-SHA256, hex: the value of `ik-s`. */
export const sign = (key: string, content: SignedContent): string =>
  createHmac('sha256', key).update(signingString(content)).digest('hex');

/** How `buildUrl` signs: the signature of the content, and the expiry it carries (`ik-t`). */
export interface UrlSigner {
  /** Unix seconds; absent for a URL that never expires. */
  readonly expiresAt?: number;
  sign(content: SignedContent): string;
}

/** The signer the service verifies: HMAC with `key`, valid until `expiresAt` when given. */
export const hmacSigner = (key: string, expiresAt?: number): UrlSigner => ({
  expiresAt,
  sign: (content) => sign(key, content),
});

const refuse = (message: string) => new ImageError('ESIGNATURE', message);

/**
 * Accepts the signature if any active key produced it (keys rotate) and it has not expired. Lengths
 * are compared first because `timingSafeEqual` throws on unequal lengths.
 */
export function verifySignature(
  keys: readonly string[],
  content: SignedContent,
  signature: string | undefined,
  nowSeconds: number,
): void {
  if (signature === undefined) throw refuse('This URL must be signed');
  if (content.expiresAt !== undefined && content.expiresAt < nowSeconds)
    throw refuse('This signed URL has expired');
  const given = Buffer.from(signature, 'utf8');
  const valid = keys.some((key) => {
    const expected = Buffer.from(sign(key, content), 'utf8');
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!valid) throw refuse('The URL signature is not valid');
}
