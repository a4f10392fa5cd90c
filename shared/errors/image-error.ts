/**
 * Stable, machine-readable error codes. They travel in the `x-imgfront-error` response header
 * (ImageKit's `ik-error` idea) so a client can tell "not found" from "origin refused us".
 */
export const ERROR_CODES = [
  'ENOENT',
  'EACCES',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ELIMIT',
  'EINVALID',
  'ESIGNATURE',
  'EMETHOD',
  'UNIDENTIFIED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Codes that say an origin itself failed (denied, refused, timed out), not the request or a limit. */
export const ORIGIN_FAULT_CODES = [
  'EACCES',
  'ECONNREFUSED',
  'ETIMEDOUT',
] as const satisfies readonly ErrorCode[];

/**
 * The one status each code answers with. Origin failures answer 404 whatever their kind, as ImageKit
 * does (the code header tells the truth). `UNIDENTIFIED` is the one code with two statuses: 503 when
 * the failure may pass on its own (a throttled or unreachable dependency), 500 when it will not (a bug
 * or a broken configuration).
 */
const STATUS: Record<Exclude<ErrorCode, 'UNIDENTIFIED'>, number> = {
  ENOENT: 404,
  EACCES: 404,
  ECONNREFUSED: 404,
  ETIMEDOUT: 404,
  ELIMIT: 400,
  EINVALID: 400,
  ESIGNATURE: 401,
  EMETHOD: 405,
};

/** Codes whose failures may pass on their own, whatever the throw site says. */
const ALWAYS_RETRYABLE: ReadonlySet<ErrorCode> = new Set(['ECONNREFUSED', 'ETIMEDOUT']);

/** The HTTP status of an error with this code and retryability. */
export function statusFor(code: ErrorCode, retryable: boolean): number {
  if (code === 'UNIDENTIFIED') return retryable ? 503 : 500;
  return STATUS[code];
}

export interface ImageErrorOptions {
  /** Detail for logs only; never sent to clients. */
  internal?: string;
  cause?: unknown;
  /**
   * Whether the failure may pass on its own (throttling, 5xx, timeouts, unreachable dependencies): such
   * responses are cached for seconds only, never like a definite answer. @default false
   */
  retryable?: boolean;
}

/**
 * The one error type that crosses module boundaries. `publicMessage` is safe to show a client;
 * `internal` goes to the log line only. The status follows from the code (see {@link statusFor}).
 */
export class ImageError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly internal: string | undefined;
  readonly retryable: boolean;

  constructor(code: ErrorCode, publicMessage: string, options: ImageErrorOptions = {}) {
    super(publicMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ImageError';
    this.code = code;
    this.retryable = ALWAYS_RETRYABLE.has(code) || (options.retryable ?? false);
    this.status = statusFor(code, this.retryable);
    this.internal = options.internal;
  }
}

export const invalid = (message: string, options?: ImageErrorOptions): ImageError =>
  new ImageError('EINVALID', message, options);

export const limit = (message: string, options?: ImageErrorOptions): ImageError =>
  new ImageError('ELIMIT', message, options);

export const notFound = (message: string, options?: ImageErrorOptions): ImageError =>
  new ImageError('ENOENT', message, options);

/** One of our own dependencies (registry, secrets, queues) failed; the detail goes to the log only. */
export const dependencyFailed = (internal: string, options: Omit<ImageErrorOptions, 'internal'> = {}) =>
  new ImageError('UNIDENTIFIED', 'Internal error', { ...options, internal });

/** Turns anything thrown into an ImageError; unknown failures become UNIDENTIFIED with a generic message. */
export function toImageError(error: unknown): ImageError {
  if (error instanceof ImageError) return error;
  const internal = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new ImageError('UNIDENTIFIED', 'Internal error', { internal, cause: error });
}
