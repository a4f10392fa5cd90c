import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ERROR_HEADER } from '../shared/http/responses';
import { endpointIdSchema } from '../shared/registry/endpoint-schema';
import type { LocalStats } from './local-stats';

export interface StatsServer {
  /** `GET <url>/stats?from=<epoch ms>[&endpoint=<id>]` answers a JSON `StatsSummary`. */
  url: string;
  close(): Promise<void>;
}

/** Serves the local stack's counters to `imgfront stats --local`, on 127.0.0.1 only. */
export async function startStatsServer(stats: LocalStats): Promise<StatsServer> {
  const server = createServer((request, response) => {
    request.resume();
    const started = performance.now();
    const answer = (status: number, body: unknown, errorCode?: string) => {
      response.writeHead(status, {
        'content-type': 'application/json',
        'server-timing': `total;dur=${(performance.now() - started).toFixed(1)}`,
        ...(errorCode === undefined ? {} : { [ERROR_HEADER]: errorCode }),
      });
      response.end(JSON.stringify(body));
    };
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method !== 'GET' || url.pathname !== '/stats') {
      answer(404, { error: 'only GET /stats' }, 'ENOENT');
      return;
    }
    const from = Number(url.searchParams.get('from') ?? 0);
    const endpoint = url.searchParams.get('endpoint') ?? undefined;
    if (!Number.isSafeInteger(from) || from < 0) {
      answer(400, { error: 'expected epoch milliseconds for "from"' }, 'EINVALID');
      return;
    }
    if (endpoint !== undefined && !endpointIdSchema.safeParse(endpoint).success) {
      answer(400, { error: 'expected an endpoint id for "endpoint"' }, 'EINVALID');
      return;
    }
    answer(200, stats.summary({ fromMs: from, endpoint }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
