import type { RequestLogRecord } from '../shared/log/request-log';
import type { StatsSummary } from '../shared/metrics/stats-summary';
import { UNKNOWN_ENDPOINT } from '../shared/metrics/transform-metrics';

/** One finished request, as the metrics record it (unknown endpoints under one name). */
interface RequestSample {
  at: number;
  endpoint: string;
  errorCode: string | undefined;
  latencyMs: number | undefined;
  bytesOut: number;
}

interface CacheSample {
  at: number;
  hit: boolean;
}

/** The local stack's own counters: what `imgfront stats --local` reads instead of CloudWatch. */
export interface LocalStats {
  /** Called with every request line the transform writes. */
  recordRequest(record: RequestLogRecord): void;
  /** Called by the CDN stand-in for every viewer request it answers from its cache or the origin. */
  recordCache(hit: boolean): void;
  /** The figures since `fromMs` (epoch ms), for one endpoint or all. */
  summary(options: { fromMs: number; endpoint?: string }): StatsSummary;
}

/** Newest samples kept: a long-running `npm start` stays bounded in memory. */
export const MAX_SAMPLES = 100_000;

/** Appends, dropping the oldest in one splice once the cap is passed by a tenth. */
function pushBounded<T>(list: T[], item: T, max: number) {
  list.push(item);
  if (list.length > max + max / 10) list.splice(0, list.length - max);
}

/** Nearest-rank percentile: the value at least `p` of the samples do not exceed. */
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? null;
}

export function createLocalStats(options: { now?: () => number; maxSamples?: number } = {}): LocalStats {
  const now = options.now ?? Date.now;
  const max = options.maxSamples ?? MAX_SAMPLES;
  const requests: RequestSample[] = [];
  const cache: CacheSample[] = [];
  return {
    recordRequest(record) {
      pushBounded(
        requests,
        {
          at: now(),
          endpoint: record.endpoint ?? UNKNOWN_ENDPOINT,
          errorCode: record.errorCode,
          latencyMs: record.timings.total,
          bytesOut: record.bytesOut,
        },
        max,
      );
    },
    recordCache(hit) {
      pushBounded(cache, { at: now(), hit }, max);
    },
    summary({ fromMs, endpoint }) {
      const inWindow = requests.filter(
        (sample) => sample.at >= fromMs && (endpoint === undefined || sample.endpoint === endpoint),
      );
      const errorsByCode: Record<string, number> = {};
      for (const { errorCode } of inWindow) {
        if (errorCode !== undefined) errorsByCode[errorCode] = (errorsByCode[errorCode] ?? 0) + 1;
      }
      // Like CloudFront's CacheHitRate: the whole distribution, whatever the endpoint.
      const looked = cache.filter((sample) => sample.at >= fromMs);
      const latencies = inWindow.flatMap((sample) =>
        sample.latencyMs === undefined ? [] : [sample.latencyMs],
      );
      return {
        endpoint: endpoint ?? null,
        from: new Date(fromMs).toISOString(),
        to: new Date(now()).toISOString(),
        requests: inWindow.length,
        errors: Object.values(errorsByCode).reduce((a, b) => a + b, 0),
        errorsByCode,
        p99LatencyMs: percentile(latencies, 0.99),
        bytesOut: inWindow.reduce((total, sample) => total + sample.bytesOut, 0),
        hitRatio: looked.length === 0 ? null : looked.filter((sample) => sample.hit).length / looked.length,
      };
    },
  };
}
