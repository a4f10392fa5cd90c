import { executionEnvironments } from './execution-environments';

/** Environments that answer with their own number once `finish` is called. */
function numberedEnvironments() {
  const pending: (() => void)[] = [];
  let started = 0;
  const start = () => {
    started += 1;
    const id = started;
    return () => new Promise<number>((resolve) => pending.push(() => resolve(id)));
  };
  return { start, started: () => started, finishAll: () => pending.splice(0).forEach((f) => f()) };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('local execution environments', () => {
  it('reuses one warm environment for sequential invocations', async () => {
    const envs = numberedEnvironments();
    const invoke = executionEnvironments(envs.start);
    for (let i = 0; i < 3; i += 1) {
      const answer = invoke();
      await tick();
      envs.finishAll();
      await expect(answer).resolves.toBe(1);
    }
    expect(envs.started()).toBe(1);
  });

  it('starts one environment per concurrent invocation, up to the limit, then queues', async () => {
    const envs = numberedEnvironments();
    const invoke = executionEnvironments(envs.start, 2);
    const answers = [invoke(), invoke(), invoke()];
    await tick();
    expect(envs.started()).toBe(2);
    envs.finishAll();
    await tick();
    envs.finishAll();
    // The third waited, then ran on the first environment freed.
    expect(await Promise.all(answers)).toEqual([1, 2, 1]);
    expect(envs.started()).toBe(2);
  });
});
