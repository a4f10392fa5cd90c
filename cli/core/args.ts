import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;
/** What `parseCommandLine` answers, named so the declaration build can export it. */
type ParsedCommandLine<O extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>
>;

/** Flags every command accepts: where to talk to, how to answer. */
export const GLOBAL_OPTIONS = {
  output: { type: 'string', short: 'o' },
  local: { type: 'boolean' },
  'local-file': { type: 'string' },
  table: { type: 'string' },
  'queue-url': { type: 'string' },
  domain: { type: 'string' },
  stage: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionsConfig;

/** The global flags as parsed, whatever command they came with. */
export interface GlobalValues {
  output?: string;
  local?: boolean;
  'local-file'?: string;
  table?: string;
  'queue-url'?: string;
  domain?: string;
  stage?: string;
  region?: string;
  profile?: string;
}

/**
 * Parses one command's arguments (after its words) with Node's `parseArgs`, strict: an unknown flag,
 * a flag missing its value, or the wrong number of positionals is a usage error naming it.
 */
export function parseCommandLine<O extends OptionsConfig>(
  argv: readonly string[],
  options: O,
  positionals: { min: number; max: number; names: string },
): ParsedCommandLine<O> {
  let parsed: ParsedCommandLine<O>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const count = parsed.positionals.length;
  if (count < positionals.min) throw new UsageError(`expected ${positionals.names}`);
  if (count > positionals.max) {
    throw new UsageError(`unexpected argument "${parsed.positionals[positionals.max]}"`);
  }
  return parsed;
}

/** An integer flag within bounds (`--concurrency 8`), or the fallback when absent. */
export function integerFlag(
  value: string | undefined,
  flag: string,
  bounds: { fallback: number; min: number; max: number },
): number {
  if (value === undefined) return bounds.fallback;
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < bounds.min || number > bounds.max) {
    throw new UsageError(
      `expected an integer from ${bounds.min} to ${bounds.max} for ${flag} but received "${value}"`,
    );
  }
  return number;
}
