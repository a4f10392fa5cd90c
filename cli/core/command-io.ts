import { createInterface } from 'node:readline/promises';
import type { CliEnv } from './cli-env';
import type { ExitCode } from './exit-codes';
import { UsageError } from './usage-error';

export type OutputFormat = 'text' | 'json';

/** What a command hands back: data for `--output json`, text for people, and its exit code. */
export interface CommandResult {
  data: unknown;
  text: string;
  /** @default 0 */
  exitCode?: ExitCode;
}

/** The terminal a command talks to. */
export interface CommandIo {
  format: OutputFormat;
  env: CliEnv;
  /** A status line that replaces the previous one: shown on a terminal with text output only. */
  progress(line: string): void;
  /** Ends the progress line so the result starts on a fresh line. */
  endProgress(): void;
  /** A note for people (stderr), never mixed into the result. */
  note(line: string): void;
  /**
   * Asks a yes/no question. With `--yes` the answer is yes; off a terminal (or in CI) the command is
   * refused as a usage error, so a script never hangs on a prompt nor changes things unasked.
   */
  confirm(question: string, yes: boolean | undefined): Promise<boolean>;
}

export function parseOutputFormat(value: string | undefined): OutputFormat {
  if (value === undefined || value === 'text') return 'text';
  if (value === 'json') return 'json';
  throw new UsageError(`expected "text" or "json" for --output but received "${value}"`);
}

/** The process's terminal as a {@link CommandIo}. */
export function processIo(format: OutputFormat, env: CliEnv): CommandIo {
  const showProgress = format === 'text' && process.stderr.isTTY === true;
  let progressShown = false;
  return {
    format,
    env,
    progress(line) {
      if (!showProgress) return;
      process.stderr.write(`\r\x1b[2K${line}`);
      progressShown = true;
    },
    endProgress() {
      if (progressShown) process.stderr.write('\n');
      progressShown = false;
    },
    note(line) {
      if (format === 'text') process.stderr.write(`${line}\n`);
    },
    async confirm(question, yes) {
      if (yes) return true;
      if (!env.interactive) {
        throw new UsageError(`${question} Refusing without --yes: not on a terminal (or CI is set).`);
      }
      const prompt = createInterface({ input: process.stdin, output: process.stderr });
      try {
        const answer = await prompt.question(`${question} [y/N] `);
        return /^y(es)?$/i.test(answer.trim());
      } finally {
        prompt.close();
      }
    },
  };
}
