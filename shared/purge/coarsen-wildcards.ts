import { cutAtEscapeBoundary } from './invalidation-path';

/**
 * The shortest prefix a merge may widen a path to: the path's first segment with its slash
 * (`/demo/a/b.jpg` -> `/demo/`). Merging never crosses an endpoint, so a burst in one endpoint can
 * never purge another one's cache.
 */
function floorOf(prefix: string): number {
  const secondSlash = prefix.indexOf('/', 1);
  return secondSlash === -1 ? prefix.length : secondSlash + 1;
}

function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let index = 0;
  while (index < limit && a.charCodeAt(index) === b.charCodeAt(index)) index += 1;
  return index;
}

/** Length of the prefix two neighbours could merge into, or -1 when merging would cross an endpoint. */
function mergeLength(a: string, b: string): number {
  const length = cutAtEscapeBoundary(a, commonPrefixLength(a, b)).length;
  return length >= floorOf(a) && length >= floorOf(b) ? length : -1;
}

/**
 * Reduces sorted wildcard prefixes (`/demo/photos/a.jpg` for `/demo/photos/a.jpg*`) to at most `max`
 * prefixes that together cover them, merging first the neighbours that share the longest prefix so the
 * extra purge stays as narrow as possible (`/demo/photos/a1.jpg` + `/demo/photos/a2.jpg` ->
 * `/demo/photos/a`). When merges within endpoints cannot get down to `max`, the first `max` prefixes
 * are returned and the rest stay uncovered, to be purged once CloudFront has room again.
 */
export function coarsenWildcards(sortedPrefixes: readonly string[], max: number): string[] {
  const items = [...sortedPrefixes];
  if (items.length <= max) return items;
  const merges = items.slice(1).map((next, index) => mergeLength(items[index] ?? '', next));

  while (items.length > max) {
    let best = -1;
    merges.forEach((length, index) => {
      if (length >= 0 && (best === -1 || length > (merges[best] ?? -1))) best = index;
    });
    if (best === -1) break;
    const merged = (items[best] ?? '').slice(0, merges[best]);
    // Sorted order keeps every item starting with `merged` in one run around `best`.
    let first = best;
    while (first > 0 && (items[first - 1] ?? '').startsWith(merged)) first -= 1;
    let last = best + 1;
    while (last + 1 < items.length && (items[last + 1] ?? '').startsWith(merged)) last += 1;
    replaceRun(items, merges, first, last, merged);
  }
  return items.slice(0, max);
}

/** Replaces `items[first..last]` by `merged` and updates the neighbour merge lengths that changed. */
function replaceRun(items: string[], merges: number[], first: number, last: number, merged: string): void {
  const from = Math.max(0, first - 1);
  const to = Math.min(last, items.length - 2);
  items.splice(first, last - first + 1, merged);
  const fresh: number[] = [];
  if (first > 0) fresh.push(mergeLength(items[first - 1] ?? '', merged));
  if (first + 1 < items.length) fresh.push(mergeLength(merged, items[first + 1] ?? ''));
  merges.splice(from, to - from + 1, ...fresh);
}
