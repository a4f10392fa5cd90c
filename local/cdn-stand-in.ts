import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadViewerRequestFunction } from '../infra/edge/viewer-request-file';

/** The CloudFront Functions request shape the viewer-request code reads and returns. */
interface EdgeRequest {
  method: string;
  uri: string;
  querystring: Record<string, { value: string; multiValue?: { value: string }[] }>;
  headers: Record<string, { value: string }>;
}

interface CachedResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
  /** `uri?query`, what invalidation paths are matched against. */
  path: string;
  expiresAt: number;
}

export interface CdnStandIn {
  url: string;
  /** Drops cached responses matched by CloudFront invalidation paths (`/a/b.jpg`, `/a/b.jpg*`). */
  invalidate(paths: readonly string[]): void;
  close(): Promise<void>;
}

function edgeRequest(request: IncomingMessage): EdgeRequest {
  const url = new URL(request.url ?? '/', 'http://cdn.local');
  const querystring: EdgeRequest['querystring'] = {};
  for (const [name, value] of url.searchParams) {
    const entry = querystring[name];
    if (entry) entry.multiValue = [...(entry.multiValue ?? [{ value: entry.value }]), { value }];
    else querystring[name] = { value };
  }
  const headers: EdgeRequest['headers'] = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers[name] = { value };
  }
  return {
    method: request.method ?? 'GET',
    uri: (request.url ?? '/').split('?')[0] ?? '/',
    querystring,
    headers,
  };
}

function pathWithQuery(edge: EdgeRequest): string {
  const query = Object.entries(edge.querystring)
    .flatMap(([name, entry]) => (entry.multiValue ?? [entry]).map(({ value }) => `${name}=${value}`))
    .join('&');
  return query ? `${edge.uri}?${query}` : edge.uri;
}

function maxAgeOf(headers: Record<string, string | string[] | undefined>): number {
  const match = /max-age=(\d+)/.exec(String(headers['cache-control'] ?? ''));
  return match ? Number(match[1]) : 0;
}

/**
 * A local CloudFront: runs the real viewer-request function, keys its cache on what the cache policy
 * keys on (normalised path and query, the Accept class), and forwards misses to the function URL.
 * Invalidations from the CloudFront API stub clear it, so purges can be seen end to end.
 */
export async function startCdnStandIn(originUrl: string, port = 0): Promise<CdnStandIn> {
  const viewerRequest = loadViewerRequestFunction() as {
    handler(event: { request: EdgeRequest }): EdgeRequest;
  };
  const cache = new Map<string, CachedResponse>();

  const server: Server = createServer((request, response) => {
    const edge = viewerRequest.handler({ request: edgeRequest(request) });
    const path = pathWithQuery(edge);
    const key = `${path}|${edge.headers.accept?.value ?? ''}`;
    const hit = cache.get(key);
    if (hit && hit.expiresAt > Date.now() && edge.method === 'GET') {
      response.writeHead(hit.status, { ...hit.headers, 'x-cache': 'Hit from imgfront-local' });
      response.end(hit.body);
      return;
    }
    const forwarded = Object.fromEntries(
      Object.entries(edge.headers).map(([name, { value }]) => [name, value]),
    );
    delete forwarded.host;
    delete forwarded.cookie;
    delete forwarded.authorization;
    const upstream = httpRequest(
      `${originUrl}${path}`,
      { method: edge.method, headers: forwarded },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          const headers = answer.headers as Record<string, string | string[]>;
          const ttl = maxAgeOf(headers);
          if (edge.method === 'GET' && ttl > 0 && (answer.statusCode === 200 || answer.statusCode === 404)) {
            cache.set(key, {
              status: answer.statusCode,
              headers,
              body,
              path,
              expiresAt: Date.now() + ttl * 1000,
            });
          }
          response.writeHead(answer.statusCode ?? 502, { ...headers, 'x-cache': 'Miss from imgfront-local' });
          response.end(body);
        });
      },
    );
    upstream.on('error', () => response.writeHead(502).end());
    upstream.end();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    invalidate(paths) {
      for (const [key, entry] of cache) {
        const matched = paths.some((pattern) =>
          pattern.endsWith('*')
            ? entry.path.startsWith(pattern.slice(0, -1))
            : entry.path.split('?')[0] === pattern,
        );
        if (matched) cache.delete(key);
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
