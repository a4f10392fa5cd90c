import type { CommandIo, CommandResult } from '../core/command-io';

/** A command's implementation: its arguments after the command words, and the terminal. */
export interface CommandModule {
  run(argv: readonly string[], io: CommandIo): Promise<CommandResult>;
}

/** One row of the command table: how it is called and described, and its lazily loaded module. */
export interface CommandDescriptor {
  /** The words that select it: `['endpoint', 'put']`. */
  words: readonly string[];
  usage: string;
  summary: string;
  /** Option lines for `--help`. */
  options: readonly string[];
  /** Loaded on use, so `imgfront url` never loads sharp or S3 code. */
  load(): Promise<CommandModule>;
}
