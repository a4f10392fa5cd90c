/** One step of the post-deploy check, as `imgfront doctor --stage` reports it. */
export interface CheckResult {
  /** `function-url`, `endpoint <id>`, `purge` or `metrics`. */
  name: string;
  outcome: 'pass' | 'fail' | 'skip';
  detail: string;
  ms: number;
}

type Outcome = Omit<CheckResult, 'name' | 'ms'>;

export const pass = (detail: string): Outcome => ({ outcome: 'pass', detail });
export const fail = (detail: string): Outcome => ({ outcome: 'fail', detail });
export const skip = (detail: string): Outcome => ({ outcome: 'skip', detail });

/** Runs one check, timing it; an error it throws is that check's failure, never the whole run's. */
export async function runCheck(name: string, check: () => Promise<Outcome>): Promise<CheckResult> {
  const started = performance.now();
  const outcome = await check().catch((error: unknown) =>
    fail(error instanceof Error ? error.message : String(error)),
  );
  return { name, ...outcome, ms: Math.round(performance.now() - started) };
}

/** Polls `attempt` until it returns a value or `timeoutMs` passes (then `undefined`). */
export async function pollUntil<T>(
  attempt: () => Promise<T | undefined>,
  { timeoutMs, intervalMs }: { timeoutMs: number; intervalMs: number },
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() + intervalMs > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
