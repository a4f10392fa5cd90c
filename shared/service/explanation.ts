import type { Limits } from '../config/config';
import type { HttpRequest, HttpResponse } from '../http/types';
import type { RequestLogRecord } from '../log/request-log';
import type { OriginAttempt } from '../origins/types';
import type { PlannedAnswer } from './plan-answer';
import type { ViewerPlan } from '../transform/viewer-plan';

/**
 * What the pipeline noted on its way, for `imgfront explain`: filled in by the steps as they run
 * (never by running one again), read once the response exists.
 */
export interface ExplainNotes {
  /** Each origin asked, in order (the fetch appends to it). */
  attempts: OriginAttempt[];
  viewer?: Pick<ViewerPlan, 'qualityCap' | 'contentDpr'>;
  planned?: PlannedAnswer;
  rendered?: { width: number; height: number; autoQuality: number | undefined };
  /** The URL's own version (`updatedAt=` / `v=`); absent for an unversioned URL. */
  version?: string;
  hasKnownVersion?: boolean;
}

/** The JSON `imgfront explain` prints: why this URL came out the way it did. */
export interface Explanation {
  request: { path: string; query: string };
  endpoint: string | undefined;
  origins: OriginAttempt[];
  source: string | undefined;
  fromFallbackOrigin: boolean;
  transformation: string | undefined;
  format: { value: string; reason: string; accept: string } | undefined;
  quality: { value: number | 'auto'; chosen: number | undefined } | undefined;
  limits: {
    maxOutput: { width: number; height: number } | undefined;
    allowedWidths: { widths: readonly number[]; policy: string } | undefined;
    saveDataQualityCap: number | undefined;
    contentDpr: number | undefined;
    maxInputPixels: number;
    maxSourceBytes: number;
    maxAnimationFrames: number;
    requestDeadlineMs: number;
  };
  /** What CloudFront keys the answer on: the path and query as the viewer function left them, and the varying headers. */
  cacheKey: string;
  version: { url: string | undefined; recorded: boolean };
  cacheControl: { value: string | undefined; reason: string | undefined };
  response: {
    status: number;
    errorCode: string | undefined;
    contentType: string | undefined;
    bytes: number;
    width: number | undefined;
    height: number | undefined;
  };
  /** Milliseconds per step, as `Server-Timing` reports them. */
  timings: Record<string, number>;
}

function cacheKeyOf(request: HttpRequest, vary: string | undefined): string {
  const target =
    request.rawQueryString === '' ? request.rawPath : `${request.rawPath}?${request.rawQueryString}`;
  const varying = (vary ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean)
    .map((name) => `${name}=${request.headers[name] ?? ''}`);
  return [target, ...varying].join(' | ');
}

/** The explanation of one finished request, from its log record, its notes and the response it got. */
export function explain(input: {
  request: HttpRequest;
  record: RequestLogRecord;
  notes: ExplainNotes;
  response: HttpResponse;
  limits: Limits;
}): Explanation {
  const { request, record, notes, response, limits } = input;
  const { planned } = notes;
  const output = planned?.render?.output;
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    request: { path: request.rawPath, query: request.rawQueryString },
    endpoint: record.endpoint,
    origins: notes.attempts,
    source: record.source,
    fromFallbackOrigin: record.originFallback ?? false,
    transformation: record.transformation,
    format: planned && {
      value: planned.format,
      reason: output?.formatReason ?? 'orig-true: the original as stored',
      accept: request.headers.accept ?? '',
    },
    quality: output && {
      value: output.autoQuality === undefined ? output.quality : 'auto',
      chosen: notes.rendered?.autoQuality ?? (output.autoQuality === undefined ? output.quality : undefined),
    },
    limits: {
      maxOutput: planned?.render?.maxOutput,
      allowedWidths: planned?.render?.widths,
      saveDataQualityCap: notes.viewer?.qualityCap,
      contentDpr: notes.viewer?.contentDpr,
      maxInputPixels: limits.maxInputPixels,
      maxSourceBytes: limits.maxSourceBytes,
      maxAnimationFrames: limits.maxAnimationFrames,
      requestDeadlineMs: limits.requestDeadlineMs,
    },
    cacheKey: cacheKeyOf(request, planned?.vary),
    version: { url: notes.version, recorded: notes.hasKnownVersion ?? false },
    cacheControl: {
      value: response.headers['cache-control'],
      reason:
        planned?.cacheControlReason ??
        (record.errorCode === undefined
          ? undefined
          : "an error: the endpoint's error TTL, short if it may pass"),
    },
    response: {
      status: response.status,
      errorCode: record.errorCode,
      contentType: response.headers['content-type'],
      bytes: response.body.byteLength,
      width: notes.rendered?.width,
      height: notes.rendered?.height,
    },
    timings: Object.fromEntries(Object.entries(record.timings).map(([name, ms]) => [name, round(ms)])),
  };
}
