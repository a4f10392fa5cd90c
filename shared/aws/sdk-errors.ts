import { ImageError, type ErrorCode } from '../errors/image-error';

const NOT_FOUND = new Set(['NoSuchKey', 'NotFound', 'ResourceNotFoundException']);
// A missing bucket is a broken origin, not a missing file: it must stop the fallback and be reported.
const DENIED = new Set([
  'NoSuchBucket',
  'AccessDenied',
  'Forbidden',
  'AccessDeniedException',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
]);
const THROTTLED = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'ServiceUnavailable',
  'InternalError',
  'RequestTimeout',
]);
const CONNECTION = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EPIPE']);

interface SdkErrorShape {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

/**
 * Maps an AWS SDK failure to our error codes by the error's `name` (never its message text). Anything
 * not known to be "missing" or "denied" stays distinguishable and is marked transient where it may pass,
 * so a passing throttle never becomes a long-cached 404.
 */
export function fromSdkError(error: unknown, what: string): ImageError {
  if (error instanceof ImageError) return error;
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const name = shape.name ?? '';
  const status = shape.$metadata?.httpStatusCode;
  const internal = `${what}: ${name} ${error instanceof Error ? error.message : String(error)}`;
  const make = (code: ErrorCode, message: string, transient = false) =>
    new ImageError(code, message, { internal, cause: error, transient });

  if (DENIED.has(name) || status === 403) return make('EACCES', 'The origin refused access');
  if (NOT_FOUND.has(name) || status === 404) return make('ENOENT', 'The file was not found');
  if (name === 'TimeoutError' || name === 'AbortError' || shape.code === 'ETIMEDOUT') {
    return make('ETIMEDOUT', 'The origin did not answer in time', true);
  }
  if (CONNECTION.has(shape.code ?? '') || CONNECTION.has(name)) {
    return make('ECONNREFUSED', 'The origin could not be reached', true);
  }
  if (THROTTLED.has(name) || (status !== undefined && status >= 500)) {
    return new ImageError('UNIDENTIFIED', 'The origin is temporarily unavailable', {
      internal,
      cause: error,
      transient: true,
      status: 503,
    });
  }
  return make('UNIDENTIFIED', 'Internal error');
}
