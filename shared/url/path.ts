import { invalid } from '../errors/image-error';
import type { ImagePath } from '../origins/types';
import { utf8ByteLength } from './utf8';

/** Longest raw path we accept; CloudFront refuses URLs beyond 8 KB anyway. */
export const MAX_PATH_LENGTH = 4096;

/** S3's key limit (UTF-8 bytes): a longer decoded path can name no object, so it is refused up front. */
export const MAX_DECODED_PATH_BYTES = 1024;

/** NUL and other C0 control characters, and DEL: never valid in a file name we serve. */
export function hasControlCharacters(text: string): boolean {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
const WEB_SCHEME_SEGMENT = /^https?:$/i;

function decodeSegment(raw: string): string {
  // An encoded slash or backslash would let one segment become two after the origin decodes it.
  if (/%(2f|5c)/i.test(raw)) throw invalid('The path contains an encoded "/" or "\\"');
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw invalid('The path is not valid percent-encoding');
  }
  if (decoded === '.' || decoded === '..') throw invalid('The path contains a "." or ".." segment');
  if (decoded.includes('\\')) throw invalid('The path contains a "\\"');
  if (hasControlCharacters(decoded)) throw invalid('The path contains control characters');
  return decoded;
}

/**
 * Splits a still-percent-encoded path (as Lambda function URLs deliver it) into segments, decoding
 * each exactly once and rejecting anything that could climb out of an origin's prefix. Empty
 * segments are refused except the `//` after a web-proxy scheme (`https://host/...`).
 */
export function parseImagePath(rawSegments: readonly string[]): ImagePath {
  const segments: string[] = [];
  rawSegments.forEach((raw, index) => {
    if (raw === '') {
      // The scheme is the first or second segment (after an endpoint id) in `/<endpoint>/https://host/...`.
      const afterScheme = index <= 2 && WEB_SCHEME_SEGMENT.test(rawSegments[index - 1] ?? '');
      if (afterScheme) return;
      throw invalid('The path contains an empty segment');
    }
    segments.push(decodeSegment(raw));
  });
  if (segments.length === 0) throw invalid('The URL names no file');
  // Short raw text can still decode long: `é` typed raw is one character but two bytes of key.
  if (utf8ByteLength(segments.join('/')) > MAX_DECODED_PATH_BYTES) {
    throw invalid(`The path is longer than ${MAX_DECODED_PATH_BYTES} bytes`);
  }
  return { segments };
}

/** The path as the original's key (`a/b c.jpg`): decoded segments joined by `/`. */
export const pathKey = (path: ImagePath): string => path.segments.join('/');

/** The path re-encoded for a URL, segment by segment. */
export const encodePath = (path: ImagePath): string => path.segments.map(encodeURIComponent).join('/');
