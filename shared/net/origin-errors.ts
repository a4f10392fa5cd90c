import { ImageError } from '../errors/image-error';

/** Statuses worth another try: the origin is overloaded, throttling or briefly broken. */
const RETRYABLE_STATUS = (status: number): boolean => status === 408 || status === 429 || status >= 500;

/** Network failures that mean the connection broke mid-way rather than never existing. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

/** The origin was too slow in one phase (connect, headers, body) or the request's deadline passed. */
export function timedOut(internal: string): ImageError {
  return new ImageError('ETIMEDOUT', 'The origin did not answer in time', { internal });
}

/** The failures {@link unavailable} made: the only ones the origin client tries again. */
const worthRetrying = new WeakSet<ImageError>();

/**
 * A failure that may pass on its own (5xx, throttling, a reset or truncated body). It is retried a
 * bounded number of times, and if it persists answers 503 with the short error TTL.
 */
export function unavailable(internal: string, cause?: unknown): ImageError {
  const error = originFailed('The origin is temporarily unavailable', internal, cause);
  worthRetrying.add(error);
  return error;
}

/** Whether a failure is the kind `unavailable` makes, i.e. worth another request to the origin. */
export const isWorthRetrying = (error: ImageError): boolean => worthRetrying.has(error);

/**
 * The origin answered, but not with an image or a definite "missing" / "denied" (an odd status, a
 * broken redirect): a 503 with a short lifetime, so a fixed origin is seen within seconds.
 */
export function originFailed(message: string, internal: string, cause?: unknown): ImageError {
  return new ImageError('UNIDENTIFIED', message, { internal, cause, retryable: true });
}

/**
 * We refused to go somewhere (a private address, a non-http scheme, a host off the allow-list). The
 * client sees the same generic message as for a refused connection; `internal` says why, for logs.
 */
export function refusedDestination(internal: string): ImageError {
  return new ImageError('ECONNREFUSED', 'The origin could not be reached', { internal });
}

/** Maps a socket or DNS error (by its `code`, never its message) to our codes. */
export function fromNetworkError(error: unknown, url: string): ImageError {
  if (error instanceof ImageError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  const internal = `${url}: ${code} ${error instanceof Error ? error.message : String(error)}`;
  if (RESET_CODES.has(code)) return unavailable(internal, error);
  // Refused, DNS failures, unreachable networks, TLS failures: we never got to talk to the origin.
  return new ImageError('ECONNREFUSED', 'The origin could not be reached', { internal, cause: error });
}

/** Maps a final (non-redirect, non-success) HTTP status to our codes. */
export function fromStatus(status: number, url: string): ImageError {
  const internal = `${url} answered ${status}`;
  if (status === 404 || status === 410)
    return new ImageError('ENOENT', 'The file was not found', { internal });
  if (status === 401 || status === 403)
    return new ImageError('EACCES', 'The origin refused access', { internal });
  if (RETRYABLE_STATUS(status)) return unavailable(internal);
  return originFailed('The origin answered with an error', internal);
}
