import {
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type ErrorCode,
  type Node,
} from 'yaml';
import { ImageError } from '../../shared/errors/image-error';
import type { SourceDocument } from './source-document';

/**
 * YAML 1.2 core schema only: `yes`/`no`/`on`/`off` stay strings (no YAML 1.1 "Norway problem"), no
 * `<<` merge keys, and no YAML 1.1 tags (`!!binary`, `!!timestamp`, `!!set`).
 */
const PARSE_OPTIONS = {
  version: '1.2',
  schema: 'core',
  merge: false,
  resolveKnownTags: false,
  uniqueKeys: true,
  stringKeys: true,
  strict: true,
  prettyErrors: false,
} as const;

/**
 * Aliases are refused (see {@link findUnsupported}); this is the second guard against alias bombs, in
 * case one ever slipped past: 0 makes `toJS` throw on any alias at all.
 */
const MAX_ALIAS_COUNT = 0;

/** Clearer words for the library's messages that speak to programmers (`use parseAllDocuments()`). */
const MESSAGE_BY_CODE: Partial<Record<ErrorCode, string>> = {
  MULTIPLE_DOCS: 'an endpoint file holds one document, but "---" starts another',
  TAG_RESOLVE_FAILED: 'tags (!name, !!type) are not supported in endpoint files',
};

type Located = { range?: readonly number[] | null };

function lineAt(lines: LineCounter, node: Located | null | undefined): number | undefined {
  const offset = node?.range?.[0];
  return offset === undefined ? undefined : lines.linePos(offset).line;
}

/**
 * The first construct an endpoint file has no use for, with its line. Aliases (`*name`) would let one
 * line stand for values written elsewhere, so an error could not point at the line to fix, and they
 * are the way to an alias bomb; an endpoint file is small enough to write each value out. A `<<` key
 * is refused rather than kept as a literal field, which the schema would silently drop.
 */
function findUnsupported(document: Document.Parsed, lines: LineCounter): string | undefined {
  let problem: string | undefined;
  visit(document, {
    Alias(_key, alias) {
      problem = `line ${lineAt(lines, alias)}: aliases (*${alias.source}) are not supported in endpoint files; write the value out`;
      return visit.BREAK;
    },
    Pair(_key, pair) {
      if (isScalar(pair.key) && pair.key.value === '<<') {
        problem = `line ${lineAt(lines, pair.key)}: merge keys (<<) are not supported in endpoint files`;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return problem;
}

/** The line of the value at `path`: a mapping member's key line, a sequence item's own line. */
function yamlLineOf(document: Document.Parsed, lines: LineCounter, path: readonly PropertyKey[]) {
  let node: unknown = document.contents;
  let line = lineAt(lines, isNode(node) ? node : undefined) ?? 1;
  for (const segment of path) {
    let next: Node | undefined;
    let at: Node | undefined;
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      at = isNode(pair?.key) ? pair.key : undefined;
      next = isNode(pair?.value) ? pair.value : undefined;
    } else if (isSeq(node)) {
      const item: unknown = node.items[Number(segment)];
      at = next = isNode(item) ? item : undefined;
    }
    if (at === undefined) break;
    line = lineAt(lines, at) ?? line;
    node = next;
  }
  return line;
}

/**
 * Parses a YAML endpoint file strictly: one document, unique string keys, no aliases, merge keys or
 * custom tags; every problem names the file and its line. Warnings (an unknown tag) are errors too, so
 * nothing in the file is silently read differently from how it was written.
 */
export function parseYamlDocument(file: string, text: string): SourceDocument {
  const lines = new LineCounter();
  const document = parseDocument(text, { ...PARSE_OPTIONS, lineCounter: lines });
  const [failure] = [...document.errors, ...document.warnings];
  if (failure) {
    const line = lines.linePos(failure.pos[0]).line;
    const message = MESSAGE_BY_CODE[failure.code] ?? failure.message;
    throw new ImageError('EINVALID', `${file} line ${line} is not valid YAML: ${message}`);
  }
  const unsupported = findUnsupported(document, lines);
  if (unsupported) throw new ImageError('EINVALID', `${file} ${unsupported}`);
  return {
    value: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }),
    lineOf: (path) => yamlLineOf(document, lines, path),
  };
}
