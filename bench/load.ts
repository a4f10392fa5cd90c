import { execFile, execFileSync, fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LoadPlan, LoadResult } from './load-result';

const run = promisify(execFile);

/** wrk when it is installed (`command -v wrk`), else autocannon in a child process. */
function loadGeneratorName(): 'wrk' | 'autocannon' {
  try {
    execFileSync('sh', ['-c', 'command -v wrk'], { stdio: 'ignore' });
    return 'wrk';
  } catch {
    return 'autocannon';
  }
}

/** wrk's Lua hooks: cycle through the paths, print the summary as one JSON line. */
function wrkScript(paths: readonly string[]): string {
  const list = paths.map((path) => JSON.stringify(path)).join(',');
  return `local paths = {${list}}
local i = 0
request = function()
  i = i + 1
  return wrk.format(nil, paths[(i % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('JSON{"requests":%d,"seconds":%f,"p50":%f,"p99":%f,"errors":%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout + e.status))
end
`;
}

async function runWrk(plan: LoadPlan, scratch: string): Promise<LoadResult> {
  const script = join(scratch, 'paths.lua');
  writeFileSync(script, wrkScript(plan.paths));
  const threads = String(Math.min(2, plan.connections));
  const { stdout } = await run('wrk', [
    `-t${threads}`,
    `-c${plan.connections}`,
    `-d${plan.durationSeconds}s`,
    '--timeout',
    '30s',
    '-s',
    script,
    plan.url,
  ]);
  const line = stdout.split('\n').find((text) => text.startsWith('JSON'));
  const summary = JSON.parse(line?.slice(4) ?? '{}') as { requests: number; seconds: number } & LoadResult;
  return {
    requests: summary.requests,
    requestsPerSecond: summary.requests / summary.seconds,
    p50: summary.p50,
    p99: summary.p99,
    errors: summary.errors,
  };
}

/** A load generator process, started once and reused for every run. */
export interface LoadGenerator {
  name: 'wrk' | 'autocannon';
  run(plan: LoadPlan): Promise<LoadResult>;
  close(): void;
}

/**
 * wrk runs as one process per plan; autocannon as one forked process for the whole bench (no start-up
 * per run), answering each plan over IPC.
 */
export function startLoadGenerator(paths: { scratch: string; autocannonBundle: string }): LoadGenerator {
  if (loadGeneratorName() === 'wrk') {
    return { name: 'wrk', run: (plan) => runWrk(plan, paths.scratch), close: () => undefined };
  }
  const child = fork(paths.autocannonBundle, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  let queue = Promise.resolve();
  const runOne = (plan: LoadPlan) =>
    new Promise<LoadResult>((resolve) => {
      child.once('message', (result: LoadResult) => resolve(result));
      child.send(plan);
    });
  return {
    name: 'autocannon',
    run(plan) {
      // One plan at a time: results come back in order, one message each.
      const result = queue.then(() => runOne(plan));
      queue = result.then(() => undefined);
      return result;
    },
    close: () => child.kill('SIGTERM'),
  };
}
