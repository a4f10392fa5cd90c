import { ERROR_HEADER, REQUEST_ID_HEADER } from '../../shared/http/responses';

/**
 * The response headers policy's CORS settings as plain data: `createResponseHeadersPolicy` deploys
 * them and the local CloudFront stand-in answers by them. Allowed origins are a stage setting.
 */
export const CORS_POLICY = {
  allowMethods: ['GET', 'HEAD'],
  allowHeaders: ['*'],
  /** `Server-Timing` and the error headers, so pages can measure and report failures. */
  exposeHeaders: ['Server-Timing', 'ETag', 'Content-Length', ERROR_HEADER, REQUEST_ID_HEADER],
  allowCredentials: false,
  maxAgeSeconds: 3600,
  /** The policy's CORS headers replace any the origin sent. */
  originOverride: true,
} as const;

/** Origins allowed to read images with CORS when a stage names none. */
export const DEFAULT_CORS_ALLOWED_ORIGINS: readonly string[] = ['*'];
