import type { ImagePath } from '../origins/types';
import type { TransformStep } from './transform-spec';

/** A request after parsing, in whichever dialect it arrived: the canonical form the service works on. */
export interface ImageRequest {
  /** Every path segment, decoded and validated; the first may be the endpoint id. */
  path: ImagePath;
  /** Whether the first segment cannot be an endpoint id (path-form `tr:` came first). */
  endpointOmitted: boolean;
  steps: TransformStep[];
  /** `updatedAt` / `v`: a versioned URL may be cached as immutable. */
  version: string | undefined;
  signature: SignatureParams | undefined;
  /** The file name an ImageKit `ik-seo` URL gives the image, without its extension. */
  seoName?: string;
  /** `ik-attachment=true`: the image is sent as a download (`Content-Disposition: attachment`). */
  attachment: boolean;
}

export interface SignatureParams {
  value: string;
  /** Unix seconds after which the URL is refused. */
  expiresAt: number | undefined;
  /** What the vendor's own scheme signs, cut from the raw request target by position (dialects set it). */
  message?: string;
}

/** The raw HTTP request pieces every dialect parser reads. */
export interface RawImageUrl {
  /** Still percent-encoded, as Lambda function URLs deliver it. */
  rawPath: string;
  rawQueryString: string;
}
