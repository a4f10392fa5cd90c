import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { LRUCache } from 'lru-cache';
import {
  ALLOWED_METHODS,
  CACHE_KEY_HEADERS,
  CACHED_METHODS,
  ORIGIN_READ_TIMEOUT_SECONDS,
} from '../infra/edge/cache-behavior';
import { DEFAULT_CORS_ALLOWED_ORIGINS } from '../infra/edge/cors-policy';
import { CLOUDFRONT_REQUEST_ID_HEADER } from '../shared/log/cloudfront-correlation';
import {
  loadViewerRequestFunction,
  type EdgeKeyValueStore,
  type EdgeResponse,
} from '../infra/edge/viewer-request-file';
import { cacheLifetimeSeconds } from './cloudfront-model/cache-lifetime';
import { isNotModified, notModifiedHeaders } from './cloudfront-model/conditional';
import { corsHeaders, withoutOriginCors } from './cloudfront-model/cors';
import { edgeHeaders, edgeRequest, pathWithQuery, type EdgeRequest } from './cloudfront-model/edge-request';
import * as edgeErrors from './cloudfront-model/edge-errors';

type Headers = Record<string, string | string[]>;

interface Answer {
  status: number;
  headers: Headers;
  body: Buffer;
}

interface CachedResponse extends Answer {
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

export interface CdnStandInOptions {
  /**
   * Origins the response headers policy allows (the stage setting `corsAllowedOrigins`).
   * @default DEFAULT_CORS_ALLOWED_ORIGINS
   */
  corsAllowedOrigins?: readonly string[];
  /** The cache's clock, in epoch milliseconds. @default Date.now */
  now?: () => number;
  /** @default 256 MiB */
  maxCachedBytes?: number;
  /** Endpoints with `settings.deviceLimits`, as the deployment lists them. @default none */
  deviceLimitEndpoints?: readonly string[];
  /** The KeyValueStore associated with the function (see `local-edge-store.ts`). @default empty */
  edgeStore?: EdgeKeyValueStore;
  /** Told, for every request that reaches the cache, whether the cache answered it (the hit ratio). */
  onCacheLookUp?: (hit: boolean) => void;
  /**
   * Further behaviours, as a distribution's `additionalBehaviors`: requests matching `pathPattern`
   * (`/playground/*`) go to `originUrl` as they came, without the viewer-request function or the cache.
   * @default none
   */
  behaviours?: readonly StaticBehaviour[];
}

/** A path pattern served by another origin (static files): CloudFront's additional cache behaviour. */
export interface StaticBehaviour {
  readonly pathPattern: string;
  readonly originUrl: string;
}

/** CloudFront's path patterns: `*` matches any characters, `?` one. */
const matchesPattern = (pattern: string, path: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  ).test(path);

/** Headers that describe one connection or one framing, never a stored response. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding'];
/**
 * Never forwarded: `Host` (a function URL refuses a foreign one), cookies and `Authorization`
 * (the origin request policy), request framing (no body is forwarded) and the viewer's conditionals
 * (CloudFront fetches the whole object, caches it, and answers the condition itself).
 */
const NOT_FORWARDED = [
  'host',
  'cookie',
  'authorization',
  'content-length',
  'transfer-encoding',
  'connection',
  'if-none-match',
  'if-modified-since',
];

const hasBody = (request: IncomingMessage) =>
  Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;

/** A response the viewer-request function generated, as CloudFront sends it. */
function functionAnswer(response: EdgeResponse): Answer {
  const body = Buffer.from(response.body.data);
  const headers: Headers = Object.fromEntries(
    Object.entries(response.headers).map(([name, { value }]) => [name, value]),
  );
  return {
    status: response.statusCode,
    headers: { ...headers, 'content-length': String(body.byteLength) },
    body,
  };
}

const isOneOf = (list: readonly string[], method: string) => list.includes(method);

/**
 * A local CloudFront: refuses what the cache behaviour does not allow, runs the real viewer-request
 * function, keys its cache on what the cache policy keys on (normalised path and query, the
 * `CACHE_KEY_HEADERS` as the function left them, OPTIONS apart), keeps errors as the distribution's error caching does, answers HEAD and
 * conditional requests from the cache, adds the response headers policy's CORS headers, and
 * forwards misses to the function URL. Invalidations from the CloudFront API stub clear it.
 */
export async function startCdnStandIn(
  originUrl: string,
  port = 0,
  options: CdnStandInOptions = {},
): Promise<CdnStandIn> {
  const viewerRequest = loadViewerRequestFunction(options.deviceLimitEndpoints, options.edgeStore);
  const now = options.now ?? Date.now;
  const allowedOrigins = options.corsAllowedOrigins ?? DEFAULT_CORS_ALLOWED_ORIGINS;
  const cache = new LRUCache<string, CachedResponse>({
    maxSize: options.maxCachedBytes ?? 256 * 1024 * 1024,
    sizeCalculation: (entry) => Math.max(1, entry.body.byteLength),
  });

  const fetchOrigin = (edge: EdgeRequest, path: string) =>
    new Promise<Answer>((resolve) => {
      const headers = edgeHeaders(edge);
      for (const name of NOT_FORWARDED) delete headers[name];
      // CloudFront names every request it sends to the origin; the function logs it as correlation id.
      headers[CLOUDFRONT_REQUEST_ID_HEADER] = randomBytes(42).toString('base64url');
      const upstream = httpRequest(`${originUrl}${path}`, { method: edge.method, headers }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('error', () => resolve(edgeErrors.originUnreachable()));
        answer.on('end', () => {
          const body = Buffer.concat(chunks);
          const stored = Object.fromEntries(
            Object.entries(answer.headers).filter(
              (entry): entry is [string, string | string[]] =>
                entry[1] !== undefined && !HOP_BY_HOP.includes(entry[0]),
            ),
          );
          // A HEAD answer keeps the origin's length of the body it did not send.
          if (edge.method !== 'HEAD') stored['content-length'] = String(body.byteLength);
          resolve({ status: answer.statusCode ?? 502, headers: stored, body });
        });
      });
      upstream.setTimeout(ORIGIN_READ_TIMEOUT_SECONDS * 1000, () => {
        upstream.destroy();
        resolve(edgeErrors.originTimedOut());
      });
      upstream.on('error', () => resolve(edgeErrors.originUnreachable()));
      upstream.end();
    });

  /** A request passed on as it came (static files need no edge function), the answer as it came back. */
  const forward = (origin: string, request: IncomingMessage) =>
    new Promise<Answer>((resolve) => {
      const upstream = httpRequest(`${origin}${request.url ?? '/'}`, { method: request.method }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('error', () => resolve(edgeErrors.originUnreachable()));
        answer.on('end', () => {
          const headers = Object.fromEntries(
            Object.entries(answer.headers).filter(
              (entry): entry is [string, string | string[]] =>
                entry[1] !== undefined && !HOP_BY_HOP.includes(entry[0]),
            ),
          );
          resolve({ status: answer.statusCode ?? 502, headers, body: Buffer.concat(chunks) });
        });
      });
      upstream.on('error', () => resolve(edgeErrors.originUnreachable()));
      upstream.end();
    });

  /** The cached or fetched response, and whether it came from the cache. */
  const lookUp = async (edge: EdgeRequest): Promise<{ answer: Answer; hit: boolean }> => {
    const path = pathWithQuery(edge);
    // HEAD shares GET's cache entry; OPTIONS responses are cached apart.
    const keyed = CACHE_KEY_HEADERS.map((name) => edge.headers[name.toLowerCase()]?.value ?? '');
    const key = `${edge.method === 'OPTIONS' ? 'OPTIONS' : 'GET'}|${path}|${keyed.join('|')}`;
    const cached = cache.get(key);
    if (cached && cached.expiresAt > now()) return { answer: cached, hit: true };
    const answer = await fetchOrigin(edge, path);
    const lifetime = cacheLifetimeSeconds(answer.status, answer.headers);
    if (edge.method !== 'HEAD' && isOneOf(CACHED_METHODS, edge.method) && lifetime > 0) {
      cache.set(key, { ...answer, path, expiresAt: now() + lifetime * 1000 });
    }
    return { answer, hit: false };
  };

  const respond = async (request: IncomingMessage): Promise<Answer> => {
    const method = request.method ?? 'GET';
    if (!isOneOf(ALLOWED_METHODS, method)) return edgeErrors.methodNotAllowed();
    if (method !== 'OPTIONS' && hasBody(request)) return edgeErrors.bodyNotAllowed();
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const behaviour = options.behaviours?.find((candidate) => matchesPattern(candidate.pathPattern, path));
    if (behaviour) return forward(behaviour.originUrl, request);
    let edge: EdgeRequest | EdgeResponse;
    try {
      edge = await viewerRequest.handler({ request: edgeRequest(request) });
    } catch {
      return edgeErrors.functionFailed();
    }
    // The function answered itself: no cache look-up, no origin request.
    if ('statusCode' in edge) return functionAnswer(edge);
    const { answer, hit } = await lookUp(edge);
    options.onCacheLookUp?.(hit);
    const edgeHeaders = {
      ...corsHeaders(method, request.headers, allowedOrigins),
      'x-cache': `${hit ? 'Hit' : 'Miss'} from imgfront-local`,
    };
    if (answer.status === 200 && method !== 'OPTIONS' && isNotModified(request.headers, answer.headers)) {
      return {
        status: 304,
        headers: { ...notModifiedHeaders(answer.headers), ...edgeHeaders },
        body: Buffer.alloc(0),
      };
    }
    return {
      status: answer.status,
      headers: { ...withoutOriginCors(answer.headers), ...edgeHeaders },
      body: method === 'HEAD' ? Buffer.alloc(0) : answer.body,
    };
  };

  const send = (request: IncomingMessage, response: ServerResponse, answer: Answer) => {
    // Answered before the upload ended: the rest of it must not be read as the next request.
    const headers = request.complete ? answer.headers : { ...answer.headers, connection: 'close' };
    response.writeHead(answer.status, headers);
    response.end(answer.body);
  };

  const server: Server = createServer((request, response) => {
    // Nothing reads a viewer's body: discard it so the answer never waits for the upload.
    request.resume();
    respond(request)
      .then((answer) => send(request, response, answer))
      .catch(() => send(request, response, edgeErrors.originUnreachable()));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    invalidate(paths) {
      const purged = [...cache.entries()].filter(([, entry]) =>
        paths.some((pattern) =>
          pattern.endsWith('*')
            ? entry.path.startsWith(pattern.slice(0, -1))
            : entry.path.split('?')[0] === pattern,
        ),
      );
      for (const [key] of purged) cache.delete(key);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
