import { hmac, messageOf, type SigningScheme } from './scheme';

/** @imagekit/nodejs signs URLs without `ik-t` as if they expired at this time. */
export const IMAGEKIT_DEFAULT_EXPIRY = 9999999999;

/**
 * What `@imagekit/nodejs` `helper.buildSrc({ signed: true })` signs: HMAC-SHA1 hex of the URL after
 * `<urlEndpoint>/` (without `ik-t`/`ik-s`) followed by the expiry timestamp.
 */
export const imagekitScheme: SigningScheme = {
  name: 'imagekit',
  expected: (key, input) =>
    hmac('sha1', key, `${messageOf(input)}${input.signature.expiresAt ?? IMAGEKIT_DEFAULT_EXPIRY}`).digest(
      'hex',
    ),
};
