import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { ImageError } from '../../shared/errors/image-error';
import { endpointSchema, type Endpoint } from '../../shared/registry/endpoint-schema';
import { UsageError } from '../core/usage-error';
import { parseJsonDocument } from './json-document';
import type { SourceDocument } from './source-document';
import { parseYamlDocument } from './yaml-document';

const YAML_EXTENSIONS = ['.yaml', '.yml'];

/** `.yaml` and `.yml` files are YAML; anything else is read as JSON. */
function parseByExtension(file: string, text: string): SourceDocument {
  return YAML_EXTENSIONS.includes(extname(file).toLowerCase())
    ? parseYamlDocument(file, text)
    : parseJsonDocument(file, text);
}

/**
 * Reads and validates an endpoint file (JSON, or YAML by extension) with the registry's own schema.
 * Every problem names the field and its line: `origins.0.bucket (line 7): must be a valid S3 bucket name`.
 */
export async function readEndpointFile(file: string): Promise<Endpoint> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const document = parseByExtension(file, text);
  const result = endpointSchema.safeParse(document.value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.map(String).join('.') : '(root)';
    const line = document.lineOf(issue.path);
    return `  ${field}${line ? ` (line ${line})` : ''}: ${issue.message}`;
  });
  throw new ImageError('EINVALID', `${file} is not a valid endpoint:\n${problems.join('\n')}`);
}
