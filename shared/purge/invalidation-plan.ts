import { coarsenWildcards } from './coarsen-wildcards';
import { isWildcard, prefixOf } from './invalidation-path';
import { MAX_PATHS_PER_INVALIDATION } from './purge-message';

/** CloudFront allows at most this many wildcard paths in progress per distribution. */
export const MAX_WILDCARDS_IN_PROGRESS = 15;
/** ...and at most this many individual file paths in progress. */
export const MAX_FILES_IN_PROGRESS = 3000;

/** Paths already in progress on the distribution, by kind. */
export interface InvalidationUsage {
  wildcards: number;
  files: number;
}

/** One CreateInvalidation call's paths, and which requested paths it purges. */
export interface InvalidationPlan {
  paths: string[];
  covers(path: string): boolean;
}

/** Removes prefixes that a shorter prefix in the sorted list already covers. */
function withoutCovered(sortedPrefixes: readonly string[]): string[] {
  const kept: string[] = [];
  for (const prefix of sortedPrefixes) {
    const last = kept[kept.length - 1];
    if (last === undefined || !prefix.startsWith(last)) kept.push(prefix);
  }
  return kept;
}

/**
 * Plans the one invalidation that fits what CloudFront has room for now: the requested paths deduped,
 * wildcards merged into wider ones when there are more than the free wildcard slots (see
 * {@link coarsenWildcards}), and individual files up to the free file slots. Requested paths the plan
 * does not cover wait for the next attempt.
 */
export function planInvalidation(requested: readonly string[], usage: InvalidationUsage): InvalidationPlan {
  const unique = [...new Set(requested)];
  const wildcardRoom = Math.max(0, MAX_WILDCARDS_IN_PROGRESS - usage.wildcards);
  const prefixes = coarsenWildcards(
    withoutCovered(unique.filter(isWildcard).map(prefixOf).sort()),
    Math.min(wildcardRoom, MAX_PATHS_PER_INVALIDATION),
  );
  const coveredByWildcard = (path: string) => prefixes.some((prefix) => prefixOf(path).startsWith(prefix));
  const fileRoom = Math.max(
    0,
    Math.min(MAX_FILES_IN_PROGRESS - usage.files, MAX_PATHS_PER_INVALIDATION - prefixes.length),
  );
  const files = unique
    .filter((path) => !isWildcard(path) && !coveredByWildcard(path))
    .sort()
    .slice(0, fileRoom);
  const fileSet = new Set(files);
  return {
    paths: [...prefixes.map((prefix) => `${prefix}*`), ...files],
    covers: (path) => coveredByWildcard(path) || fileSet.has(path),
  };
}
