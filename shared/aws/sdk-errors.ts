import { dependencyFailed, ImageError } from '../errors/image-error';

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
  'InternalServerError',
  'RequestTimeout',
  'TooManyRequestsException',
]);
const CONNECTION = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EPIPE']);
const TIMEOUT = new Set(['TimeoutError', 'AbortError', 'ETIMEDOUT']);

interface SdkErrorShape {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

interface SdkFailure {
  name: string;
  code: string;
  status: number | undefined;
  internal: string;
}

function describe(error: unknown, what: string): SdkFailure {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const name = shape.name ?? '';
  return {
    name,
    code: shape.code ?? '',
    status: shape.$metadata?.httpStatusCode,
    internal: `${what}: ${name} ${error instanceof Error ? error.message : String(error)}`,
  };
}

/**
 * Whether an SDK failure may pass on its own: throttling, a 5xx, a timeout, a broken connection, or
 * no answer from the service at all (no HTTP status: the network failed before one arrived).
 */
function mayPass({ name, code, status }: SdkFailure): boolean {
  return (
    status === undefined ||
    status === 429 ||
    status >= 500 ||
    THROTTLED.has(name) ||
    TIMEOUT.has(name) ||
    TIMEOUT.has(code) ||
    CONNECTION.has(name) ||
    CONNECTION.has(code)
  );
}

/**
 * Whether an SDK failure says the object or item is not there, by its name only: a missing bucket is
 * a 404 too (`NoSuchBucket`), and it is a broken deployment, not a miss.
 */
export const isSdkNotFound = (error: unknown): boolean => NOT_FOUND.has(describe(error, '').name);

/** {@link mayPass} for any thrown SDK failure. */
export const sdkFailureMayPass = (error: unknown): boolean => mayPass(describe(error, ''));

/**
 * Maps a failure of an *origin* (an S3 bucket we read originals from) to ImageKit's codes, by the
 * error's `name` (never its message text). Anything not known to be "missing" or "denied" stays
 * distinguishable and is retryable where it may pass, so a passing throttle never becomes a long-cached
 * 404. Only for origins: our own dependencies use {@link fromDependencySdkError}.
 */
export function fromSdkError(error: unknown, what: string): ImageError {
  if (error instanceof ImageError) return error;
  const failure = describe(error, what);
  const { name, code, status, internal } = failure;
  const options = { internal, cause: error };

  // The origin's prefix plus the URL's path exceed S3's 1,024-byte keys: the URL is wrong, every time.
  if (name === 'KeyTooLongError') return new ImageError('EINVALID', 'The path is too long', options);
  if (DENIED.has(name) || status === 403)
    return new ImageError('EACCES', 'The origin refused access', options);
  if (NOT_FOUND.has(name) || status === 404)
    return new ImageError('ENOENT', 'The file was not found', options);
  if (TIMEOUT.has(name) || TIMEOUT.has(code)) {
    return new ImageError('ETIMEDOUT', 'The origin did not answer in time', options);
  }
  if (CONNECTION.has(code) || CONNECTION.has(name)) {
    return new ImageError('ECONNREFUSED', 'The origin could not be reached', options);
  }
  if (mayPass(failure)) {
    return new ImageError('UNIDENTIFIED', 'The origin is temporarily unavailable', {
      ...options,
      retryable: true,
    });
  }
  return new ImageError('UNIDENTIFIED', 'Internal error', options);
}

/**
 * Maps a failure of one of imgfront's own dependencies (the registry table, secrets, queues, the
 * CloudFront API) to `UNIDENTIFIED`: 503 when it may pass, 500 when it will not (a missing table is a
 * broken deployment, not a missing image). The client never sees the detail; the log does.
 */
export function fromDependencySdkError(error: unknown, what: string): ImageError {
  if (error instanceof ImageError) return error;
  const failure = describe(error, what);
  return dependencyFailed(failure.internal, { cause: error, retryable: mayPass(failure) });
}
