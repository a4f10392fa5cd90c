import { hmac, messageOf, type SigningScheme } from './scheme';

/** Thumbor's `base64_hmac_sha1` signer: URL-safe base64 (with padding) of HMAC-SHA1 over the URL after the signature. */
export const thumborScheme: SigningScheme = {
  name: 'thumbor',
  expected: (key, input) =>
    hmac('sha1', key, messageOf(input)).digest('base64').replace(/\+/g, '-').replace(/\//g, '_'),
};
