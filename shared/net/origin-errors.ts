import { ImageError } from '../errors/image-error';

/** Statuses worth another try: the origin is overloaded, throttling or briefly broken. */
const RETRYABLE_STATUS = (status: number): boolean => status === 408 || status === 429 || status >= 500;

/** Network failures that mean the connection broke mid-way rather than never existing. */
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ERR_STREAM_PREMATURE_CLOSE']);

/** The origin was too slow in one phase (connect, headers, body) or the request's deadline passed. */
export function timedOut(internal: string): ImageError {
  return new ImageError('ETIMEDOUT', 'The origin did not answer in time', { internal, transient: true });
}

/**
 * A failure that may pass on its own (5xx, throttling, a reset or truncated body). It is retried a
 * bounded number of times, and if it persists answers 503 with the short error TTL.
 */
export function unavailable(internal: string, cause?: unknown): ImageError {
  return new ImageError('UNIDENTIFIED', 'The origin is temporarily unavailable', {
    internal,
    cause,
    transient: true,
    status: 503,
  });
}

/** Whether a failure is the kind `unavailable` makes, i.e. worth retrying. */
export const isRetryable = (error: ImageError): boolean => error.code === 'UNIDENTIFIED' && error.transient;

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
  return new ImageError('ECONNREFUSED', 'The origin could not be reached', {
    internal,
    cause: error,
    transient: true,
  });
}

/** Maps a final (non-redirect, non-success) HTTP status to our codes. */
export function fromStatus(status: number, url: string): ImageError {
  const internal = `${url} answered ${status}`;
  if (status === 404 || status === 410)
    return new ImageError('ENOENT', 'The file was not found', { internal });
  if (status === 401 || status === 403)
    return new ImageError('EACCES', 'The origin refused access', { internal });
  if (RETRYABLE_STATUS(status)) return unavailable(internal);
  // Any other answer is the origin's failure, reported like ImageKit does: a 404 whose code says why.
  return new ImageError('UNIDENTIFIED', 'The origin answered with an error', { internal, status: 404 });
}
