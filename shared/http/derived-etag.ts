import { createHash } from 'node:crypto';
import { IMGFRONT_VERSION } from '../version';

/** What an answer is made of: the same parts always make the same bytes, so they name them. */
export interface EtagParts {
  /** Which original, in which version: the origin's ETag, or a digest of its bytes when it gave none. */
  original: string;
  /** The canonical transformation, and the output plan it resolved to (format, quality, limits). */
  transformation: string;
  output: string;
}

const digest = (text: string | Buffer): string => createHash('sha256').update(text).digest('base64url');

/**
 * A strong ETag derived from the answer's inputs instead of its bytes, so `HEAD` and a matching
 * `If-None-Match` are answered without rendering. The service version is part of it: a release that
 * renders differently changes every ETag.
 */
export function derivedEtag(parts: EtagParts): string {
  const text = [IMGFRONT_VERSION, parts.original, parts.transformation, parts.output].join('\n');
  return `"${digest(text).slice(0, 32)}"`;
}

/** The original's identity for {@link EtagParts.original}: where it came from and which version it is. */
export function originalIdentity(original: {
  source: string;
  etag: string | undefined;
  body: Buffer;
}): string {
  return `${original.source}\n${original.etag ?? `sha256:${digest(original.body)}`}`;
}
