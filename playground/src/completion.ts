import { PARAMETERS } from '../../shared/url/parameters';

/** One suggestion: the parameter key, what typing it inserts, and its one-line doc. */
export interface Completion {
  readonly key: string;
  readonly insert: string;
  readonly doc: string;
}

/** The parameter being typed at the caret: where its text starts and ends, and that text. */
export interface Token {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The first sentence of a parameter's doc: one line under the input. */
const oneLine = (doc: string) => /^.*?[.!?](?=\s|$)/.exec(doc)?.[0] ?? doc;

/** Bare flags (`e-grayscale`, `orig-true` style rows whose example is the key) take no value. */
const takesValue = (key: string, example: string) => example !== key;

const ALL: readonly Completion[] = PARAMETERS.map((parameter) => ({
  key: parameter.key,
  insert: takesValue(parameter.key, parameter.example) ? `${parameter.key}-` : parameter.key,
  doc: oneLine(parameter.doc),
}));
const BY_KEY = new Map(ALL.map((completion) => [completion.key, completion]));

/** The comma- or colon-separated parameter around `caret` (ImageKit's chain syntax). */
export function tokenAt(text: string, caret: number): Token {
  const start = Math.max(text.lastIndexOf(',', caret - 1), text.lastIndexOf(':', caret - 1)) + 1;
  const after = text.slice(caret).search(/[,:]/);
  const end = after < 0 ? text.length : caret + after;
  return { start, end, text: text.slice(start, end) };
}

/** Parameters whose key starts with what is typed before the caret; none once a value is being typed. */
export function completionsFor(token: Token, caret: number): Completion[] {
  const typed = token.text.slice(0, caret - token.start);
  if (BY_KEY.has(typed.replace(/-$/, '')) && typed.endsWith('-')) return [];
  return ALL.filter((completion) => completion.key.startsWith(typed) && completion.insert !== typed);
}

/** The doc of the parameter the token names (longest key first: `e-grayscale` before `e`). */
export function docFor(token: Token): Completion | undefined {
  const candidates = ALL.filter(
    (completion) => token.text === completion.key || token.text.startsWith(`${completion.key}-`),
  );
  return candidates.sort((a, b) => b.key.length - a.key.length)[0];
}

/** The text with the token replaced by the completion, and where the caret goes. */
export function accept(text: string, token: Token, completion: Completion): { text: string; caret: number } {
  const replaced = text.slice(0, token.start) + completion.insert + text.slice(token.end);
  return { text: replaced, caret: token.start + completion.insert.length };
}
