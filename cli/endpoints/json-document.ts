import { ImageError } from '../../shared/errors/image-error';
import { jsonValueLines, lineOf } from './json-lines';
import type { SourceDocument } from './source-document';

/** The line of a JSON syntax error, where V8's message gives a position (not every message does). */
function syntaxErrorLine(text: string, message: string): number | undefined {
  const lineColumn = /line (\d+) column \d+/.exec(message);
  if (lineColumn) return Number(lineColumn[1]);
  const position = /position (\d+)/.exec(message);
  if (position) return text.slice(0, Number(position[1])).split('\n').length;
  if (/end of JSON input/.test(message)) return text.split('\n').length;
  return undefined;
}

/** Parses a JSON endpoint file; a syntax error names the file and, where known, the line. */
export function parseJsonDocument(file: string, text: string): SourceDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = syntaxErrorLine(text, message);
    throw new ImageError('EINVALID', `${file}${line ? ` line ${line}` : ''} is not valid JSON: ${message}`);
  }
  const lines = jsonValueLines(text);
  return { value, lineOf: (path) => lineOf(lines, path) };
}
