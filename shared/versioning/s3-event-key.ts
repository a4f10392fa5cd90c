import { invalid } from '../errors/image-error';

/**
 * S3 event notifications carry object keys URL-encoded the way HTML forms encode values: a space
 * becomes `+`, a literal `+` becomes `%2B`, and UTF-8 bytes become `%XX`. Decoding `+` first and then
 * the percent escapes gives the real key (`red+flower%2B%C3%A9.jpg` -> `red flower+é.jpg`).
 */
export function decodeS3EventKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded.replace(/\+/g, ' '));
  } catch (error) {
    throw invalid(`expected a URL-encoded S3 object key but received "${encoded}"`, { cause: error });
  }
}

/**
 * The inverse of {@link decodeS3EventKey}: encodes a key the way S3 puts it in an event. Emulators
 * that emit raw keys (s3rver) pass theirs through this so the version writer sees real S3 input.
 */
export function encodeS3EventKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}
