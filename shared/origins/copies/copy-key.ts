import { prefixOf } from '../../purge/invalidation-path';
import type { ImagePath } from '../types';

/** S3's key limit; encoded keys are ASCII, so characters are bytes. */
const MAX_KEY_BYTES = 1024;

/** Ends a key's path part. `encodeURIComponent` always encodes "@", so no encoded segment holds one. */
const ORIGIN_MARK = '@';

/**
 * The key of one kept copy: `<endpoint>/<segment>/.../<segment>@<origin>`, every segment
 * percent-encoded exactly as purge paths encode it (`wildcardPathFor`), so a purge path's literal
 * prefix is the prefix of the copies it covers. The path was validated when parsed (no `.`/`..`,
 * empty or control-character segments) and encoding leaves no `/` inside a segment, so a key can
 * never reach another endpoint's or origin's copies. Undefined past S3's 1,024 bytes: nothing is kept.
 */
export function copyKeyFor(endpointId: string, originId: string, path: ImagePath): string | undefined {
  const key = [endpointId, ...path.segments].map(encodeURIComponent).join('/') + ORIGIN_MARK + originId;
  return key.length <= MAX_KEY_BYTES ? key : undefined;
}

/** One piece of a purge path in the encoding keys use, whatever escapes the caller chose. */
function normalise(piece: string): string {
  try {
    return encodeURIComponent(decodeURIComponent(piece));
  } catch {
    // Not valid percent-encoding: compared as written (it names no key, or only as wide a prefix).
    return piece;
  }
}

/**
 * The key prefix of every copy a CloudFront purge path covers. A wildcard path (`/shop/a.jpg*`,
 * `/shop/*`) covers the keys starting with its literal part, as CloudFront matches it; an exact path
 * covers the copies of that one file, and a query (`/shop/a.jpg?tr=w-400`) names one transformation of
 * the file, so again its copies. Purges never miss a copy this way; some are wider, as CloudFront's are.
 */
export function copyPrefixOf(purgePath: string): string {
  const literal = prefixOf(purgePath).replace(/^\//, '');
  const query = literal.indexOf('?');
  const wildcard = purgePath.endsWith('*') && query === -1;
  const file = (query === -1 ? literal : literal.slice(0, query)).split('/').map(normalise).join('/');
  return wildcard ? file : file + ORIGIN_MARK;
}
