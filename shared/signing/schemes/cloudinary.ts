import { hash, messageOf, type SigningScheme } from './scheme';

const urlSafe = (base64: string) => base64.replace(/\//g, '_').replace(/\+/g, '-');

/**
 * Cloudinary's signed delivery URLs (`s--<sig>--`): URL-safe base64 of SHA-1 (or SHA-256 where the
 * account signs so) over the transformation and public id + the API secret, cut to 8 characters;
 * `long_url_signature` URLs carry 32 characters of SHA-256.
 */
export const cloudinaryScheme: SigningScheme = {
  name: 'cloudinary',
  expected: (key, input) => {
    const text = `${messageOf(input)}${key}`;
    const sha256 = urlSafe(hash('sha256', text).digest('base64'));
    if (input.signature.value.length === 32) return [sha256.slice(0, 32)];
    return [urlSafe(hash('sha1', text).digest('base64')).slice(0, 8), sha256.slice(0, 8)];
  },
};
