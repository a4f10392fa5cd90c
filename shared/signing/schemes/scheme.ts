import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ImageError } from '../../errors/image-error';
import type { SignatureParams } from '../../url/image-request';
import type { SigningSchemeName } from '../../url/dialects/names';
import type { SignedContent } from '../url-signature';

/** What a scheme may read: the dialect's signature (value, expiry, raw signed text) and the canonical form. */
export interface SchemeInput {
  signature: SignatureParams;
  content: SignedContent;
}

/** One vendor's signing algorithm: the signature(s) each key would give for this request. */
export interface SigningScheme {
  readonly name: SigningSchemeName;
  /** Several where the vendor lets the account choose the hash and the URL does not say which. */
  expected(key: string, input: SchemeInput): string | readonly string[];
}

export const refuse = (message: string) => new ImageError('ESIGNATURE', message);

/** The raw signed text a dialect cut out; a scheme over raw text cannot verify without it. */
export function messageOf(input: SchemeInput): string {
  if (input.signature.message === undefined) throw refuse('The URL signature is not valid');
  return input.signature.message;
}

export const hmac = (algorithm: 'sha1' | 'sha256', key: string, text: string) =>
  createHmac(algorithm, key).update(text, 'utf8');

export const hash = (algorithm: 'md5' | 'sha1' | 'sha256', text: string) =>
  createHash(algorithm).update(text, 'utf8');

/** Constant-time equality; unequal lengths are simply unequal (`timingSafeEqual` would throw). */
export function sameText(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
