/** Most environments started at once; further concurrent requests wait for one to be free. */
const DEFAULT_MAX_ENVIRONMENTS = 8;

export type Invoke<Args extends unknown[], Result> = (...args: Args) => Promise<Result>;

/**
 * Runs a handler the way Lambda does: each execution environment serves one invocation at a time,
 * and concurrent invocations get environments of their own. Powertools keeps per-invocation state
 * (the logger's request and correlation ids, the stored metrics) in the environment's instances, so
 * sharing one across concurrent requests would mix their log lines and EMF blobs. The most recently
 * freed environment is reused first, so sequential requests keep hitting the same warm one.
 */
export function executionEnvironments<Args extends unknown[], Result>(
  startEnvironment: () => Invoke<Args, Result>,
  maxEnvironments = DEFAULT_MAX_ENVIRONMENTS,
): Invoke<Args, Result> {
  const idle: Invoke<Args, Result>[] = [];
  const waiting: ((environment: Invoke<Args, Result>) => void)[] = [];
  let started = 0;

  const acquire = (): Promise<Invoke<Args, Result>> => {
    const warm = idle.pop();
    if (warm) return Promise.resolve(warm);
    if (started < maxEnvironments) {
      started += 1;
      return Promise.resolve(startEnvironment());
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = (environment: Invoke<Args, Result>) => {
    const next = waiting.shift();
    if (next) next(environment);
    else idle.push(environment);
  };

  return async (...args) => {
    const environment = await acquire();
    try {
      return await environment(...args);
    } finally {
      release(environment);
    }
  };
}
