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
  'UNIDENTIFIED',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** The HTTP status each code answers with unless a throw site says otherwise. */
const DEFAULT_STATUS: Record<ErrorCode, number> = {
  ENOENT: 404,
  EACCES: 404,
  ECONNREFUSED: 404,
  ETIMEDOUT: 404,
  ELIMIT: 400,
  EINVALID: 400,
  ESIGNATURE: 401,
  UNIDENTIFIED: 500,
};

export interface ImageErrorOptions {
  /** Overrides the code's default status (e.g. 410 for an expired signature). */
  status?: number;
  /** Detail for logs only; never sent to clients. */
  internal?: string;
  cause?: unknown;
  /**
   * Whether the failure may pass on its own (throttling, 5xx, timeouts): such responses get the short
   * error TTL and are never cached like a definite answer.
   */
  transient?: boolean;
}

/**
 * The one error type that crosses module boundaries. `publicMessage` is safe to show a client;
 * `internal` goes to the log line only.
 */
export class ImageError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly internal: string | undefined;
  readonly transient: boolean;

  constructor(code: ErrorCode, publicMessage: string, options: ImageErrorOptions = {}) {
    super(publicMessage, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ImageError';
    this.code = code;
    this.status = options.status ?? DEFAULT_STATUS[code];
    this.internal = options.internal;
    this.transient = options.transient ?? false;
  }
}

export const invalid = (message: string, options?: ImageErrorOptions): ImageError =>
  new ImageError('EINVALID', message, options);

export const limit = (message: string, options?: ImageErrorOptions): ImageError =>
  new ImageError('ELIMIT', message, options);

export const notFound = (message: string, options?: ImageErrorOptions): ImageError =>
  new ImageError('ENOENT', message, options);

/** Turns anything thrown into an ImageError; unknown failures become UNIDENTIFIED with a generic message. */
export function toImageError(error: unknown): ImageError {
  if (error instanceof ImageError) return error;
  const internal = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new ImageError('UNIDENTIFIED', 'Internal error', { internal, cause: error });
}
