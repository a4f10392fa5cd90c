import { ImageError } from '../../shared/errors/image-error';
import { statsSummarySchema, type StatsSummary } from '../../shared/metrics/stats-summary';
import { UsageError } from '../core/usage-error';

const TIMEOUT_MS = 5000;

/** The running local stack's counters, read from its stats server (`statsUrl` in the local-endpoints file). */
export async function localStats(options: {
  statsUrl: string | undefined;
  endpoint: string | undefined;
  seconds: number;
  now?: number;
}): Promise<StatsSummary> {
  if (options.statsUrl === undefined) {
    throw new UsageError('the running local stack keeps no counters: restart `npm start`');
  }
  const url = new URL('/stats', options.statsUrl);
  url.searchParams.set('from', String((options.now ?? Date.now()) - options.seconds * 1000));
  if (options.endpoint !== undefined) url.searchParams.set('endpoint', options.endpoint);
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    throw new ImageError(
      'ECONNREFUSED',
      `The local stack does not answer at ${url.origin}: is \`npm start\` running?`,
      {
        cause: error,
      },
    );
  }
  const parsed = statsSummarySchema.safeParse(await response.json().catch(() => undefined));
  if (!response.ok || !parsed.success) {
    throw new ImageError('UNIDENTIFIED', `The local stack's stats server answered ${response.status}`, {
      internal: parsed.success ? undefined : parsed.error.message,
    });
  }
  return parsed.data;
}
