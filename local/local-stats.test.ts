import type { RequestLogRecord } from '../shared/log/request-log';
import { createLocalStats } from './local-stats';
import { startStatsServer } from './stats-server';

const record = (overrides: Partial<RequestLogRecord>): RequestLogRecord => ({
  requestId: 'r',
  method: 'GET',
  endpoint: 'shop',
  path: '/shop/a.jpg',
  transformation: undefined,
  status: 200,
  bytesOut: 100,
  timings: { total: 10 },
  ...overrides,
});

describe('local stats counters', () => {
  it('counts only the window and the endpoint asked for; unknown endpoints count as "unknown"', () => {
    let clock = 1_000_000;
    const stats = createLocalStats({ now: () => clock });
    stats.recordRequest(record({ bytesOut: 1 }));
    clock += 60_000;
    stats.recordRequest(record({ status: 404, errorCode: 'ENOENT', bytesOut: 20, timings: { total: 30 } }));
    stats.recordRequest(record({ endpoint: undefined, status: 400, errorCode: 'EINVALID' }));
    stats.recordCache(false);
    stats.recordCache(true);
    expect(stats.summary({ fromMs: clock - 1000, endpoint: 'shop' })).toMatchObject({
      requests: 1,
      errors: 1,
      errorsByCode: { ENOENT: 1 },
      p99LatencyMs: 30,
      bytesOut: 20,
      hitRatio: 0.5,
    });
    expect(stats.summary({ fromMs: 0, endpoint: 'unknown' })).toMatchObject({
      requests: 1,
      errorsByCode: { EINVALID: 1 },
    });
    expect(stats.summary({ fromMs: 0 })).toMatchObject({ endpoint: null, requests: 3, bytesOut: 121 });
  });

  it('takes the nearest-rank p99 and keeps memory bounded to the newest samples', () => {
    const stats = createLocalStats({ maxSamples: 100 });
    for (let total = 1; total <= 1000; total += 1) stats.recordRequest(record({ timings: { total } }));
    const summary = stats.summary({ fromMs: 0 });
    expect(summary.requests).toBeLessThanOrEqual(110);
    expect(summary.requests).toBeGreaterThanOrEqual(100);
    expect(summary.p99LatencyMs).toBe(1000 - 1);
    expect(createLocalStats().summary({ fromMs: 0 })).toMatchObject({
      requests: 0,
      p99LatencyMs: null,
      hitRatio: null,
    });
  });
});

describe('local stats server', () => {
  it('answers a summary as JSON, and a clear 400 or 404 with the error header for bad requests', async () => {
    const stats = createLocalStats();
    stats.recordRequest(record({}));
    const server = await startStatsServer(stats);
    try {
      const ok = await fetch(`${server.url}/stats?from=0&endpoint=shop`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('server-timing')).toMatch(/^total;dur=/);
      expect(await ok.json()).toMatchObject({ endpoint: 'shop', requests: 1 });
      for (const [path, status, code] of [
        ['/stats?from=-5', 400, 'EINVALID'],
        ['/stats?from=abc', 400, 'EINVALID'],
        ['/stats?endpoint=..%2Fx', 400, 'EINVALID'],
        ['/elsewhere', 404, 'ENOENT'],
      ] as const) {
        const response = await fetch(`${server.url}${path}`);
        expect(response.status).toBe(status);
        expect(response.headers.get('x-imgfront-error')).toBe(code);
        expect(response.headers.get('server-timing')).not.toBeNull();
        await response.arrayBuffer();
      }
    } finally {
      await server.close();
    }
  });
});
