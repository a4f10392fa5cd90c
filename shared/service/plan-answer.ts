import type { Limits } from '../config/config';
import { invalid } from '../errors/image-error';
import { successCacheControl } from '../http/cache-control';
import { derivedEtag } from '../http/derived-etag';
import type { EndpointSettings } from '../registry/endpoint-schema';
import { widthRuleOf, type WidthRule } from '../transform/allowed-widths';
import type { Size } from '../transform/geometry';
import { CONTENT_TYPES, ORIGINAL_CONTENT_TYPES, planOutput, type OutputPlan } from '../transform/output-plan';
import type { SourceInfo } from '../transform/source-info';
import type { ViewerPlan } from '../transform/viewer-plan';
import type { TransformStep } from '../url/transform-spec';

/** What the answer depends on about the original: enough to plan it without its bytes. */
export interface AnswerBasis {
  /** The original's identity (source and version), see `originalIdentity`. */
  identity: string;
  info: SourceInfo;
  originCacheControl: string | undefined;
}

export interface AnswerRequest {
  /** The steps as the viewer's hints resolved them (`ViewerPlan.steps`). */
  steps: readonly TransformStep[];
  /** The canonical chain (`serializeChain(steps)`). */
  transformation: string;
  accept: string;
  /** What the client hints, data saver and device limits change beyond the steps. */
  viewer: Pick<ViewerPlan, 'contentDpr' | 'qualityCap' | 'vary'>;
  settings: EndpointSettings;
  limits: Limits;
  versioned: boolean;
  hasKnownVersion: boolean;
  secondsUntilExpiry: number | undefined;
}

/** An answer decided before any render: its headers, and what to render (none for `orig-true`). */
export interface PlannedAnswer {
  etag: string;
  contentType: string;
  cacheControl: string;
  /** Why that `Cache-Control` (for `imgfront explain`). */
  cacheControlReason: string;
  vary: string | undefined;
  /** `Content-DPR`, when `w-auto` took its width from a client hint. */
  contentDpr: number | undefined;
  format: string;
  render: { output: OutputPlan; maxOutput: Size; widths: WidthRule | undefined } | undefined;
}

/** Plans the answer to a request from the original's description: format, headers and ETag. */
export function planAnswer(basis: AnswerBasis, request: AnswerRequest): PlannedAnswer {
  const { info, identity } = basis;
  const { value: cacheControl, reason: cacheControlReason } = successCacheControl(request.settings, {
    originCacheControl: basis.originCacheControl,
    versioned: request.versioned,
    hasKnownVersion: request.hasKnownVersion,
    secondsUntilExpiry: request.secondsUntilExpiry,
  });
  if (request.steps.some((step) => step.original)) {
    if (info.format === 'svg') throw invalid('orig-true is not available for SVG originals');
    return {
      etag: derivedEtag({ original: identity, transformation: 'orig-true', output: info.format }),
      contentType: ORIGINAL_CONTENT_TYPES[info.format],
      cacheControl,
      cacheControlReason,
      vary: undefined,
      contentDpr: undefined,
      format: info.format,
      render: undefined,
    };
  }
  const { viewer } = request;
  const planned = planOutput(request.steps, info, request.accept, request.settings);
  const output =
    viewer.qualityCap === undefined
      ? planned
      : { ...planned, quality: Math.min(planned.quality, viewer.qualityCap) };
  const vary = [...(output.negotiated ? ['Accept'] : []), ...viewer.vary];
  const maxOutput = {
    width: Math.min(request.settings.maxWidth, request.limits.maxOutputDimension),
    height: Math.min(request.settings.maxHeight, request.limits.maxOutputDimension),
  };
  const widths = widthRuleOf(request.settings);
  return {
    etag: derivedEtag({
      original: identity,
      transformation: request.transformation,
      output: JSON.stringify({ output, maxOutput, widths, contentDpr: viewer.contentDpr }),
    }),
    contentType: CONTENT_TYPES[output.format],
    cacheControl,
    cacheControlReason,
    vary: vary.length > 0 ? vary.join(', ') : undefined,
    contentDpr: viewer.contentDpr,
    format: output.format,
    render: { output, maxOutput, widths },
  };
}
