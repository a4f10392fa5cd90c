import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { ImageError } from '../../shared/errors/image-error';
import { endpointSchema, type Endpoint } from '../../shared/registry/endpoint-schema';
import { UsageError } from '../core/usage-error';
import { jsonValueLines, lineOf } from './json-lines';

/** The line of a JSON syntax error, where V8's message gives a position (not every message does). */
function syntaxErrorLine(text: string, message: string): number | undefined {
  const lineColumn = /line (\d+) column \d+/.exec(message);
  if (lineColumn) return Number(lineColumn[1]);
  const position = /position (\d+)/.exec(message);
  if (position) return text.slice(0, Number(position[1])).split('\n').length;
  if (/end of JSON input/.test(message)) return text.split('\n').length;
  return undefined;
}

/**
 * Reads and validates an endpoint file with the registry's own schema. Every problem names the field
 * and its line: `origins.0.bucket (line 7): must be a valid S3 bucket name`.
 */
export async function readEndpointFile(file: string): Promise<Endpoint> {
  if (['.yaml', '.yml'].includes(extname(file).toLowerCase())) {
    throw new UsageError(
      `${file}: YAML endpoint files need the "yaml" package, which is not installed; write the endpoint as JSON`,
    );
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = syntaxErrorLine(text, message);
    throw new ImageError('EINVALID', `${file}${line ? ` line ${line}` : ''} is not valid JSON: ${message}`);
  }
  const result = endpointSchema.safeParse(document);
  if (result.success) return result.data;
  const lines = jsonValueLines(text);
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.map(String).join('.') : '(root)';
    const line = lineOf(lines, issue.path);
    return `  ${field}${line ? ` (line ${line})` : ''}: ${issue.message}`;
  });
  throw new ImageError('EINVALID', `${file} is not a valid endpoint:\n${problems.join('\n')}`);
}
