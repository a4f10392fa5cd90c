import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadServerConfig, type ServiceConfig } from '../config/config';
import type { RequestLogger } from '../log/request-log';
import type { Endpoint } from '../registry/endpoint-schema';
import { createStaticEndpointRegistry } from '../registry/static-registry';
import { composeImageService } from '../service/compose';
import { bugResponse, sendResponse, toHttpRequest } from './node-http';

export interface ServeOptions {
  /** The endpoints served, held in memory (no registry table). */
  endpoints: readonly Endpoint[];
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default loadServerConfig() (the IMGFRONT_* environment, originals cache on) */
  config?: ServiceConfig;
  /** @default one JSON line per request on stdout */
  log?: RequestLogger;
}

export interface RunningServer {
  /** `http://<host>:<port>` */
  url: string;
  /** Stops accepting, lets in-flight requests finish, then resolves. */
  close(): Promise<void>;
}

/** How long `close()` waits for in-flight requests before cutting their connections. */
const CLOSE_GRACE_MS = 10_000;

/**
 * The hosts the endpoints' own origins name may be private (a self-hoster's origin is often on the
 * same network); the connect guard still refuses every other private address, redirects included.
 */
function operatorHosts(endpoints: readonly Endpoint[]): string[] {
  return endpoints.flatMap((endpoint) =>
    endpoint.origins.flatMap((origin) => {
      if (origin.type === 'web') return [new URL(origin.baseUrl).hostname];
      if (origin.type === 's3' && origin.endpointUrl) return [new URL(origin.endpointUrl).hostname];
      return [];
    }),
  );
}

/**
 * The transform service as a plain Node HTTP server: the same image service the Lambda runs, with no
 * function-URL event in between and a static registry.
 */
export async function serve(options: ServeOptions): Promise<RunningServer> {
  const base = options.config ?? loadServerConfig();
  const config: ServiceConfig = {
    ...base,
    allowPrivateHosts: [...base.allowPrivateHosts, ...operatorHosts(options.endpoints)],
  };
  const service = composeImageService(config, {
    registry: createStaticEndpointRegistry(options.endpoints),
    log: options.log,
  });
  const server = createServer((request, response) => {
    const startedAt = performance.now();
    // Image requests carry no body; whatever is sent is read and dropped.
    request.resume();
    const httpRequest = toHttpRequest(request);
    service(httpRequest)
      .catch((error: unknown) => bugResponse(error, httpRequest, startedAt))
      .then((answer) => sendResponse(response, answer))
      .catch(() => response.destroy());
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS).unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
