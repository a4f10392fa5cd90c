import autocannon from 'autocannon';
import type { LoadPlan, LoadResult } from '../load-result';

/**
 * The load generator when wrk is not installed: autocannon in its own process, so it does not share
 * the servers' event loops. Started once per bench (forked, with IPC): each {@link LoadPlan} message is
 * answered with one {@link LoadResult} message.
 */
async function runPlan(plan: LoadPlan): Promise<LoadResult> {
  let index = 0;
  const result = await autocannon({
    url: plan.url,
    connections: plan.connections,
    duration: plan.durationSeconds,
    timeout: 60,
    requests: [
      { setupRequest: (request) => ({ ...request, path: plan.paths[index++ % plan.paths.length] ?? '/' }) },
    ],
  });
  return {
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / plan.durationSeconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
}

process.on('message', (plan: LoadPlan) => {
  void runPlan(plan).then((result) => process.send?.(result));
});
