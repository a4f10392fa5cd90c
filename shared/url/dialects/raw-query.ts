/**
 * The raw query string (as received, still encoded) with the named parameters removed by position,
 * `?`-prefixed when anything is left: the text a vendor signed before it appended its signature.
 */
export function rawQueryWithout(rawQueryString: string, names: readonly string[]): string {
  const kept = rawQueryString
    .split('&')
    .filter((pair) => pair !== '' && !names.includes(pair.split('=', 1)[0] ?? ''));
  return kept.length > 0 ? `?${kept.join('&')}` : '';
}
