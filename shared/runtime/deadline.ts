import { ImageError } from '../errors/image-error';

/** A request's time budget: an AbortSignal for I/O plus a check between pipeline steps. */
export interface Deadline {
  readonly signal: AbortSignal;
  /** Throws ETIMEDOUT (retryable) if the budget is spent, naming the stage for the log. */
  check(stage: string): void;
}

export function createDeadline(budgetMs: number): Deadline {
  const signal = AbortSignal.timeout(budgetMs);
  return {
    signal,
    check(stage) {
      if (signal.aborted) {
        throw new ImageError('ETIMEDOUT', 'The request took too long', {
          retryable: true,
          internal: `deadline of ${budgetMs} ms passed before ${stage}`,
        });
      }
    },
  };
}
