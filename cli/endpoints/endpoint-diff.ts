/** One field that differs between the stored endpoint and the new one. */
export interface FieldChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

const isContainer = (value: unknown): value is Record<string, unknown> | unknown[] =>
  typeof value === 'object' && value !== null && Object.keys(value).length > 0;

/** Leaf values by dotted path; empty objects and arrays count as leaves so adding `{}` still shows. */
function flatten(value: unknown, path: string, into: Map<string, unknown>): Map<string, unknown> {
  if (!isContainer(value)) {
    into.set(path, value);
    return into;
  }
  for (const [key, child] of Object.entries(value)) flatten(child, path ? `${path}.${key}` : key, into);
  return into;
}

/** Field-by-field differences, in the new document's order, then removed fields. */
export function diffDocuments(before: unknown, after: unknown): FieldChange[] {
  const old = flatten(before, '', new Map());
  const next = flatten(after, '', new Map());
  const changes: FieldChange[] = [];
  for (const [path, value] of next) {
    if (!old.has(path)) changes.push({ path, kind: 'added', after: value });
    else if (JSON.stringify(old.get(path)) !== JSON.stringify(value)) {
      changes.push({ path, kind: 'changed', before: old.get(path), after: value });
    }
  }
  for (const [path, value] of old) {
    if (!next.has(path)) changes.push({ path, kind: 'removed', before: value });
  }
  return changes;
}

const show = (value: unknown) => JSON.stringify(value);

/** `+ path: value`, `- path: value`, `~ path: old -> new`, one per line. */
export function formatChanges(changes: readonly FieldChange[]): string {
  return changes
    .map((change) => {
      if (change.kind === 'added') return `+ ${change.path}: ${show(change.after)}`;
      if (change.kind === 'removed') return `- ${change.path}: ${show(change.before)}`;
      return `~ ${change.path}: ${show(change.before)} -> ${show(change.after)}`;
    })
    .join('\n');
}
