import autocannon from 'autocannon';
import type { LoadPlan, LoadResult } from '../load-result';

/**
 * The load generator when wrk is not installed: autocannon in its own process (`autocannon-load.js
 * <plan json>`), so it does not share the servers' event loops; prints one JSON {@link LoadResult}.
 */
const plan = JSON.parse(process.argv[2] ?? '{}') as LoadPlan;
let index = 0;
void autocannon({
  url: plan.url,
  connections: plan.connections,
  duration: plan.durationSeconds,
  requests: [
    { setupRequest: (request) => ({ ...request, path: plan.paths[index++ % plan.paths.length] ?? '/' }) },
  ],
}).then((result) => {
  const load: LoadResult = {
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / plan.durationSeconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
  };
  process.stdout.write(`${JSON.stringify(load)}\n`);
});
