import { ImageError } from '../../shared/errors/image-error';

/** The command line is wrong (exit code 2); the message says what to type instead. */
export class UsageError extends ImageError {
  constructor(message: string) {
    super('EINVALID', message);
    this.name = 'UsageError';
  }
}

/** A required setting given neither as a flag, nor in the environment, nor by a stage's stack output. */
export function missingSetting(flag: string, envName: string, outputKey: string): UsageError {
  return new UsageError(
    `${flag} is required (or set ${envName}, or name the stage with --stage): the stack output ${outputKey}`,
  );
}
