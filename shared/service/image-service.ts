import type { ServiceConfig } from '../config/config';
import { createThreadShare } from '../transform/thread-share';
import { ImageError, invalid, limit, toImageError } from '../errors/image-error';
import type { VariantBudget } from '../budget/variant-budget';
import type { FaceDetector } from '../faces/face-detector';
import { faceDetectorFor } from '../faces/face-policy';
import { capToExpiry, secondsUntilExpiry } from '../http/cache-control';
import { attachmentDisposition } from '../http/content-disposition';
import { originalIdentity } from '../http/derived-etag';
import { authorizeExplain, takeExplainToken } from '../explain/explain-token';
import { explain, type ExplainNotes } from './explanation';
import {
  errorResponse,
  errorTtlFor,
  explainResponse,
  imageResponse,
  matchesEtag,
  optionsResponse,
  type ResponseContext,
} from '../http/responses';
import { ServerTiming } from '../http/server-timing';
import type { HttpRequest, HttpResponse } from '../http/types';
import { readViewerHints } from '../http/viewer-hints';
import type { RequestLogger, RequestLogRecord } from '../log/request-log';
import type { RequestMetrics } from '../metrics/transform-metrics';
import { ORIGIN_REQUEST_MARKER } from '../net/origin-http-client';
import { fetchOriginal, type FoundOriginal } from '../origins/fetch-original';
import type { FetchContext, ImagePath, OriginSource, OriginalImage } from '../origins/types';
import type { Endpoint } from '../registry/endpoint-schema';
import type { EndpointRegistry } from '../registry/endpoint-registry';
import { routeRequest } from '../routes/route-request';
import { createDeadline } from '../runtime/deadline';
import type { SecretResolver } from '../secrets/secret-resolver';
import { authorize } from '../signing/authorize';
import { createDecodedCache } from '../transform/decoded-cache';
import { edgeVerified } from '../edge/edge-verified';
import { render } from '../transform/render';
import { readSourceInfo } from '../transform/source-info';
import { planViewer } from '../transform/viewer-plan';
import { serializeChain } from '../url/chain';
import { parseImagePath, pathKey } from '../url/path';
import { versionTimeMs } from '../url/version-time';
import type { TransformStep } from '../url/transform-spec';
import type { VersionLookup } from '../versioning/version-lookup';
import { expandNamed } from './expand-named';
import { fetchLayerAssets } from './fetch-layer-assets';
import { createOriginalMemory } from './original-memory';
import { planAnswer, type AnswerBasis, type PlannedAnswer } from './plan-answer';

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
  /** Records each request's metrics (flushed by the handler's middleware); absent in benchmarks. */
  metrics?: RequestMetrics;
  /** @default Date.now */
  now?: () => number;
  /** Counts distinct transformations per original for endpoints with `settings.maxVariantsPerOriginal`. */
  variantBudget?: VariantBudget;
  /** Finds faces for `fo-face` on endpoints with `settings.faceDetection`; absent when the stage has it off. */
  detectFaces?: FaceDetector;
}

/** Fallback error TTL before an endpoint is known (matches the endpoint default). */
const DEFAULT_ERROR_TTL_SECONDS = 300;

/** The URL's file, else the first fallback an origin holds; when none is found, the URL's own miss. */
async function fetchFirstFound(
  sources: readonly OriginSource[],
  path: ImagePath,
  fallbacks: () => Iterable<ImagePath>,
  context: FetchContext,
): Promise<FoundOriginal> {
  try {
    return await fetchOriginal(sources, path, context);
  } catch (miss) {
    if (!(miss instanceof ImageError) || miss.code !== 'ENOENT') throw miss;
    for (const fallback of fallbacks()) {
      try {
        return await fetchOriginal(sources, fallback, context);
      } catch (error) {
        if (!(error instanceof ImageError) || error.code !== 'ENOENT') throw error;
      }
    }
    throw miss;
  }
}

/** What an error response needs to know about the request so far; filled in as the request proceeds. */
interface ErrorLifetime {
  endpointErrorTtl: number;
  secondsUntilExpiry: number | undefined;
}

/** What the request carries from step to step; `Server-Timing` is read from `timing` when answering. */
interface RequestContext extends Omit<ResponseContext, 'serverTiming'> {
  timing: ServerTiming;
  record: RequestLogRecord;
  lifetime: ErrorLifetime;
  notes: ExplainNotes;
  /** Work the origins handed over (kept-copy writes), finished before the request answers. */
  deferred: Promise<void>[];
}

/** Notes what a kept copy did on the request's line; the first failure stays, so it is never hidden. */
function noteCopy(record: RequestLogRecord): NonNullable<FetchContext['onCopy']> {
  return (outcome, detail) => {
    if (record.originalCopy?.endsWith('failed')) return;
    record.originalCopy = outcome;
    if (detail !== undefined) record.originalCopyError = detail;
  };
}

/**
 * The request path, one way: parse URL -> resolve endpoint -> fetch original -> plan -> render ->
 * respond. Every failure becomes a response here and nowhere else.
 */
export function createImageService(deps: ImageServiceDeps) {
  const { config } = deps;
  const nowSeconds = () => Math.floor((deps.now ?? Date.now)() / 1000);
  const memory = createOriginalMemory();
  const decodedBytes = config.decodedCacheBytes ?? 0;
  const decodedCache = decodedBytes > 0 ? createDecodedCache(decodedBytes) : undefined;
  const threads = createThreadShare(config.sharpThreads);

  /** Refuses a new transformation of an original past the endpoint's daily cap. */
  async function checkVariantBudget(
    original: string,
    transformation: string,
    cap: number | undefined,
    record: RequestLogRecord,
  ): Promise<void> {
    if (cap === undefined || deps.variantBudget === undefined) return;
    if (await deps.variantBudget.admit(original, transformation, cap)) return;
    record.variantBudgetHit = true;
    throw limit(
      `This image already has ${cap} different transformations today, the most this endpoint allows (maxVariantsPerOriginal); use one of those or try again tomorrow`,
    );
  }

  async function serveImage(request: HttpRequest, context: RequestContext): Promise<HttpResponse> {
    const { timing, record, notes } = context;
    // An origin pointing back at this service would otherwise fetch itself until the deadline.
    if (request.headers[ORIGIN_REQUEST_MARKER] !== undefined)
      throw invalid('Request loop: an origin points back at imgfront');
    const deadline = createDeadline(config.limits.requestDeadlineMs);
    // The endpoint comes first: it names the dialect the rest of the URL is written in.
    const routed = await timing.measure('registry', () => routeRequest(request, deps.registry));
    const { endpoint } = routed;
    // Known from here on, so a refused or failed request still counts against its endpoint.
    record.endpoint = endpoint.id;
    const { settings } = endpoint;
    context.lifetime.endpointErrorTtl = settings.errorCacheTtlSeconds;
    const parsed = routed.parse();
    const { path } = parsed;
    const now = nowSeconds();
    context.lifetime.secondsUntilExpiry = secondsUntilExpiry(parsed.signature?.expiresAt, now);
    // The viewer function verified it, then dropped it from the URL so signings share one cache entry.
    if (!edgeVerified(request, endpoint.id, config.edgeSignatures ?? false))
      await authorize(parsed, { endpoint, path }, deps.secrets, now);
    record.path = pathKey(path);
    // Client hints, Save-Data and the device class are read here, once, and flow forward as the plan.
    const viewer = planViewer(
      expandNamed(parsed.steps, settings),
      readViewerHints(request.headers),
      settings,
      config.limits,
    );
    notes.viewer = viewer;
    notes.version = parsed.version;
    const { steps }: { steps: TransformStep[] } = viewer;
    const detectFaces = faceDetectorFor(steps, settings, deps.detectFaces);
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
    const copyHooks = {
      defer: (work: Promise<void>) => context.deferred.push(work),
      onCopy: noteCopy(record),
    };
    const fetchContext: FetchContext = {
      limits: config.limits,
      signal: deadline.signal,
      fetchedAfterMs: versionTimeMs(parsed.version),
      attempts: notes.attempts,
      ...copyHooks,
    };
    const ifNoneMatch = request.headers['if-none-match'];
    const answerTo = async (basis: AnswerBasis) => {
      notes.hasKnownVersion = (await knownVersion) !== undefined;
      return planAnswer(basis, {
        steps,
        transformation,
        accept: request.headers.accept ?? '',
        viewer,
        settings,
        limits: config.limits,
        versioned: parsed.version !== undefined,
        hasKnownVersion: notes.hasKnownVersion,
        secondsUntilExpiry: context.lifetime.secondsUntilExpiry,
      });
    };
    // The ETag names the answer before it exists: HEAD and a matching revalidation need no render.
    const needsNoBody = (planned: PlannedAnswer) =>
      context.headOnly || matchesEtag(ifNoneMatch, planned.etag);
    const respond = (planned: PlannedAnswer, body: Buffer | undefined) => {
      record.format = planned.format;
      notes.planned = planned;
      const { attachmentName } = parsed;
      return imageResponse({
        ...planned,
        contentDisposition:
          attachmentName === undefined ? undefined : attachmentDisposition(attachmentName, planned.format),
        body,
        ifNoneMatch,
        requestId: context.requestId,
        headOnly: context.headOnly,
        serverTiming: timing.header(),
      });
    };

    const sources = deps.originsFor(endpoint);
    // Layer inputs download beside the original; a failure waits until the render needs them.
    const layerContext: FetchContext = { limits: config.limits, signal: deadline.signal, ...copyHooks };
    const layerAssets = fetchLayerAssets(steps, sources, layerContext, settings.maxLayers);
    layerAssets.catch(() => undefined);
    const memoryKey = `${endpoint.id}\n${record.path}`;
    let original: OriginalImage | undefined;
    // An answer without a body needs no bytes either, if the origin confirms the original is unchanged.
    const remembered = context.headOnly || ifNoneMatch ? memory.recall(memoryKey) : undefined;
    const [first] = sources;
    if (remembered && first) {
      const planned = await answerTo(remembered);
      if (needsNoBody(planned)) {
        const check = await timing
          .measure('download', () => first.revalidate(path, remembered.etag, fetchContext))
          .catch(() => undefined);
        if (check?.unchanged && check.source === remembered.source) return respond(planned, undefined);
        if (check && !check.unchanged) original = check.original;
      }
    }
    // The dialect's other names for the file, then the default image (parsed only when needed).
    function* fallbacks(): Iterable<ImagePath> {
      yield* parsed.alternatePaths ?? [];
      if (defaultImage !== undefined) yield parseImagePath(defaultImage.split('/').map(encodeURIComponent));
    }
    if (original === undefined) {
      const found = await timing.measure('download', () =>
        fetchFirstFound(sources, path, fallbacks, fetchContext),
      );
      original = found.original;
      record.originFallback = found.fromFallbackOrigin;
    }
    record.source = original.source;
    record.bytesIn = original.body.byteLength;

    const info = await readSourceInfo(original.body, config.limits);
    memory.remember(memoryKey, original, info);
    const identity = originalIdentity(original);
    const planned = await answerTo({
      identity,
      info,
      originCacheControl: original.cacheControl,
    });
    if (needsNoBody(planned)) return respond(planned, undefined);
    const { body } = original;
    const { render: plan } = planned;
    if (plan === undefined) return respond(planned, body);
    await checkVariantBudget(memoryKey, transformation, settings.maxVariantsPerOriginal, record);
    const assets = await timing.measure('layers', () => layerAssets);
    const rendered = await timing.measure('transformation', () =>
      threads.run(() =>
        render({
          body,
          source: info,
          steps,
          ...plan,
          limits: config.limits,
          deadline,
          layerAssets: assets,
          detectFaces,
          // Scoped by endpoint as kept originals are: pixels never cross to an endpoint with other origins.
          decoded: decodedCache && { cache: decodedCache, original: `${endpoint.id}\n${identity}` },
        }),
      ),
    );
    if (rendered.perceptual) timing.describe('quality', `q-${rendered.perceptual.quality}`);
    notes.rendered = {
      width: rendered.width,
      height: rendered.height,
      autoQuality: rendered.perceptual?.quality,
    };
    return respond(planned, rendered.body);
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
    const notes: ExplainNotes = { attempts: [] };
    const context: RequestContext = {
      requestId: request.requestId,
      headOnly,
      timing,
      record,
      lifetime,
      notes,
      deferred: [],
    };
    let response: HttpResponse;
    // Set once an `imgfront-explain` token is accepted: the request the pipeline served, to explain.
    let explained: HttpRequest | undefined;
    try {
      if (request.method === 'OPTIONS') {
        response = optionsResponse({ ...context, serverTiming: timing.header() });
      } else if (request.method === 'GET' || headOnly) {
        const { request: imageRequest, token } = takeExplainToken(request);
        if (token !== undefined) {
          await authorizeExplain(token, config.explainKey, deps.secrets, nowSeconds());
          // The whole answer is explained, not a revalidation of it.
          explained = { ...imageRequest, headers: { ...imageRequest.headers, 'if-none-match': undefined } };
        }
        response = await serveImage(explained ?? imageRequest, context);
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
    // Kept-copy writes ran beside the render; they never reject, and Lambda may freeze what is left.
    await Promise.all(context.deferred);
    record.status = response.status;
    record.bytesOut = response.body.byteLength;
    const finished = { ...record, timings: { ...timing.durations, total: timing.total() } };
    if (explained) {
      const explanation = explain({
        request: explained,
        record: finished,
        notes,
        response,
        limits: config.limits,
      });
      response = explainResponse(explanation, { ...context, serverTiming: timing.header() });
    }
    deps.log(finished);
    deps.metrics?.(finished);
    return response;
  };
}

export type ImageService = ReturnType<typeof createImageService>;
