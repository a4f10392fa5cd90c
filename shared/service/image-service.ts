import type { ServiceConfig } from '../config/config';
import { ImageError, invalid, toImageError } from '../errors/image-error';
import { capToExpiry, secondsUntilExpiry, successCacheControl } from '../http/cache-control';
import { derivedEtag, originalIdentity } from '../http/derived-etag';
import {
  errorResponse,
  errorTtlFor,
  imageResponse,
  matchesEtag,
  optionsResponse,
  type ResponseContext,
} from '../http/responses';
import { ServerTiming } from '../http/server-timing';
import type { HttpRequest, HttpResponse } from '../http/types';
import type { RequestLogger, RequestLogRecord } from '../log/request-log';
import { ORIGIN_REQUEST_MARKER } from '../net/origin-http-client';
import { fetchOriginal } from '../origins/fetch-original';
import type { FetchContext, ImagePath, OriginSource, OriginalImage } from '../origins/types';
import type { Endpoint } from '../registry/endpoint-schema';
import type { EndpointRegistry } from '../registry/endpoint-registry';
import { resolveEndpoint } from '../registry/resolve-endpoint';
import { createDeadline } from '../runtime/deadline';
import type { SecretResolver } from '../secrets/secret-resolver';
import { authorize } from '../signing/authorize';
import { CONTENT_TYPES, ORIGINAL_CONTENT_TYPES, planOutput } from '../transform/output-plan';
import { render } from '../transform/render';
import { readSourceInfo } from '../transform/source-info';
import { serializeChain } from '../url/chain';
import { parseImageKitUrl } from '../url/imagekit-dialect';
import { parseImagePath, pathKey } from '../url/path';
import type { TransformStep } from '../url/transform-spec';
import type { VersionLookup } from '../versioning/version-lookup';
import { expandNamed } from './expand-named';

export interface ImageServiceDeps {
  config: ServiceConfig;
  registry: EndpointRegistry;
  /** The endpoint's origins, in preference order (built once per endpoint and reused). */
  originsFor(endpoint: Endpoint): readonly OriginSource[];
  /** Current versions of originals, for endpoints with `unversionedTtlSeconds`. */
  versions?: Pick<VersionLookup, 'getVersionForEndpointPath'>;
  /** Resolves URL-signing keys (and origin secrets) referenced by endpoints. */
  secrets: SecretResolver;
  log: RequestLogger;
  /** @default Date.now */
  now?: () => number;
}

/** Fallback error TTL before an endpoint is known (matches the endpoint default). */
const DEFAULT_ERROR_TTL_SECONDS = 300;

async function fetchWithDefaultImage(
  sources: readonly OriginSource[],
  path: ImagePath,
  defaultImage: string | undefined,
  context: FetchContext,
): Promise<OriginalImage> {
  try {
    return await fetchOriginal(sources, path, context);
  } catch (error) {
    if (!(error instanceof ImageError) || error.code !== 'ENOENT' || defaultImage === undefined) throw error;
    return fetchOriginal(sources, parseImagePath(defaultImage.split('/').map(encodeURIComponent)), context);
  }
}

/** What an error response needs to know about the request so far; filled in as the request proceeds. */
interface ErrorLifetime {
  endpointErrorTtl: number;
  secondsUntilExpiry: number | undefined;
}

/**
 * The request path, one way: parse URL -> resolve endpoint -> fetch original -> plan -> render ->
 * respond. Every failure becomes a response here and nowhere else.
 */
export function createImageService(deps: ImageServiceDeps) {
  const { config } = deps;
  const nowSeconds = () => Math.floor((deps.now ?? Date.now)() / 1000);

  async function serveImage(
    request: HttpRequest,
    context: ResponseContext & { timing: ServerTiming; record: RequestLogRecord; lifetime: ErrorLifetime },
  ): Promise<HttpResponse> {
    const { timing, record } = context;
    // An origin pointing back at this service would otherwise fetch itself until the deadline.
    if (request.headers[ORIGIN_REQUEST_MARKER] !== undefined)
      throw invalid('Request loop: an origin points back at imgfront');
    const deadline = createDeadline(config.limits.requestDeadlineMs);
    const parsed = parseImageKitUrl(request);
    const now = nowSeconds();
    context.lifetime.secondsUntilExpiry = secondsUntilExpiry(parsed.signature?.expiresAt, now);
    const resolved = await timing.measure('registry', () => resolveEndpoint(parsed, deps.registry));
    const { endpoint, path } = resolved;
    const { settings } = endpoint;
    context.lifetime.endpointErrorTtl = settings.errorCacheTtlSeconds;
    await authorize(parsed, resolved, deps.secrets, now);
    record.endpoint = endpoint.id;
    record.path = pathKey(path);
    const steps: TransformStep[] = expandNamed(parsed.steps, settings);
    const transformation = serializeChain(steps);
    record.transformation = transformation;

    deadline.check('download');
    const defaultImage =
      steps.findLast((step) => step.defaultImage !== undefined)?.defaultImage ?? settings.defaultImage;
    // Only looked up where the endpoint shortens unversioned TTLs; it runs beside the download.
    const knownVersion =
      parsed.version === undefined && settings.unversionedTtlSeconds !== undefined && deps.versions
        ? deps.versions.getVersionForEndpointPath(endpoint.id, path).catch(() => undefined)
        : undefined;
    const original = await timing.measure('download', () =>
      fetchWithDefaultImage(deps.originsFor(endpoint), path, defaultImage, {
        limits: config.limits,
        signal: deadline.signal,
      }),
    );
    record.source = original.source;
    record.bytesIn = original.body.byteLength;

    const source = await readSourceInfo(original.body, config.limits);
    const answer = {
      cacheControl: successCacheControl(settings, {
        originCacheControl: original.cacheControl,
        versioned: parsed.version !== undefined,
        hasKnownVersion: (await knownVersion) !== undefined,
        secondsUntilExpiry: context.lifetime.secondsUntilExpiry,
      }),
      requestId: context.requestId,
      ifNoneMatch: request.headers['if-none-match'],
      headOnly: context.headOnly,
    };
    const identity = originalIdentity(original);

    if (steps.some((step) => step.original)) {
      if (source.format === 'svg') throw invalid('orig-true is not available for SVG originals');
      record.format = source.format;
      return imageResponse({
        ...answer,
        body: original.body,
        etag: derivedEtag({ original: identity, transformation: 'orig-true', output: source.format }),
        contentType: ORIGINAL_CONTENT_TYPES[source.format],
        vary: undefined,
        serverTiming: timing.header(),
      });
    }
    const output = planOutput(steps, source, request.headers.accept ?? '', settings);
    const maxOutput = {
      width: Math.min(settings.maxWidth, config.limits.maxOutputDimension),
      height: Math.min(settings.maxHeight, config.limits.maxOutputDimension),
    };
    const etag = derivedEtag({
      original: identity,
      transformation,
      output: JSON.stringify({ output, maxOutput }),
    });
    record.format = output.format;
    const image = {
      ...answer,
      etag,
      contentType: CONTENT_TYPES[output.format],
      vary: output.negotiated ? 'Accept' : undefined,
    };
    // The ETag names the answer before it exists: HEAD and a revalidation need no render.
    if (context.headOnly || matchesEtag(answer.ifNoneMatch, etag)) {
      return imageResponse({ ...image, body: undefined, serverTiming: timing.header() });
    }
    const rendered = await timing.measure('transformation', () =>
      render({ body: original.body, source, steps, output, maxOutput, limits: config.limits, deadline }),
    );
    return imageResponse({ ...image, body: rendered.body, serverTiming: timing.header() });
  }

  return async function handle(request: HttpRequest): Promise<HttpResponse> {
    const timing = new ServerTiming();
    const headOnly = request.method === 'HEAD';
    const record: RequestLogRecord = {
      requestId: request.requestId,
      method: request.method,
      endpoint: undefined,
      path: request.rawPath,
      transformation: undefined,
      status: 0,
      bytesOut: 0,
      timings: timing.durations,
    };
    const lifetime: ErrorLifetime = {
      endpointErrorTtl: DEFAULT_ERROR_TTL_SECONDS,
      secondsUntilExpiry: undefined,
    };
    const context = { requestId: request.requestId, headOnly, serverTiming: '', timing, record, lifetime };
    let response: HttpResponse;
    try {
      if (request.method === 'OPTIONS') {
        response = optionsResponse({ ...context, serverTiming: timing.header() });
      } else if (request.method === 'GET' || headOnly) {
        response = await serveImage(request, context);
      } else {
        throw new ImageError('EMETHOD', 'Only GET, HEAD and OPTIONS are supported');
      }
    } catch (thrown) {
      const error = toImageError(thrown);
      record.errorCode = error.code;
      record.error = error.internal ?? error.message;
      const ttl = capToExpiry(errorTtlFor(error, lifetime.endpointErrorTtl), lifetime.secondsUntilExpiry);
      response = errorResponse(error, ttl, { ...context, serverTiming: timing.header() });
    }
    record.status = response.status;
    record.bytesOut = response.body.byteLength;
    deps.log({ ...record, timings: { ...timing.durations, total: timing.total() } });
    return response;
  };
}

export type ImageService = ReturnType<typeof createImageService>;
