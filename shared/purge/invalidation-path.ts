/** CloudFront refuses invalidation paths longer than this. */
export const MAX_INVALIDATION_PATH_LENGTH = 4000;

/** Whether a path ends in CloudFront's wildcard (the only place a wildcard may appear). */
export const isWildcard = (path: string): boolean => path.endsWith('*');

/** The literal prefix a wildcard path purges (`/demo/a.jpg*` -> `/demo/a.jpg`); exact paths unchanged. */
export const prefixOf = (path: string): string => (isWildcard(path) ? path.slice(0, -1) : path);

/**
 * The longest prefix of an encoded path of at most `length` characters that does not end inside a
 * `%XX` escape, so a shortened path is still valid percent-encoding.
 */
export function cutAtEscapeBoundary(encoded: string, length: number): string {
  let end = Math.min(length, encoded.length);
  const lastPercent = encoded.lastIndexOf('%', end - 1);
  if (lastPercent !== -1 && lastPercent > end - 3) end = lastPercent;
  return encoded.slice(0, end);
}

/**
 * The wildcard invalidation path that purges every cached transformation of one file:
 * `/<segment>/<segment>*`, each segment percent-encoded like the URL builder encodes it
 * (`encodeURIComponent`). CloudFront allows `*` only at the end, so a key containing a literal `*`
 * is purged from just before it (a slightly wider purge, never a missed one); overlong paths are
 * shortened the same way.
 */
export function wildcardPathFor(segments: readonly string[]): string {
  const encoded = `/${segments.map(encodeURIComponent).join('/')}`;
  const literalStar = encoded.indexOf('*');
  const withoutStar = literalStar === -1 ? encoded : encoded.slice(0, literalStar);
  return `${cutAtEscapeBoundary(withoutStar, MAX_INVALIDATION_PATH_LENGTH - 1)}*`;
}
