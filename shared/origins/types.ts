import type { Limits } from '../config/config';

/**
 * A request path after decoding exactly once and validating (no `.`/`..`, empty, NUL/control or
 * encoded-slash segments). Web-proxy paths keep their scheme segment: `https://host/a.jpg` arrives as
 * `['https:', 'host', 'a.jpg']`.
 */
export interface ImagePath {
  readonly segments: readonly string[];
}

/** The original as fetched: bytes plus what the origin said about them (never trusted for the type). */
export interface OriginalImage {
  body: Buffer;
  /** Content-Type the origin claimed; informational only, the real type is sniffed from the bytes. */
  claimedContentType: string | undefined;
  lastModified: Date | undefined;
  etag: string | undefined;
  /** The origin's own Cache-Control, honoured only where the endpoint says so. */
  cacheControl: string | undefined;
  /** Which origin answered, for logs (`s3://bucket/key`, `https://host/path`). */
  source: string;
}

export interface FetchContext {
  limits: Limits;
  /** Aborts when the request's deadline passes; origins must stop promptly. */
  signal: AbortSignal;
  /**
   * The URL names a version of the original made at this time (epoch ms): a copy kept from before it
   * must be checked with the origin first.
   */
  fetchedAfterMs?: number;
  /** When given, each origin asked is appended here as it answers (for `imgfront explain`). */
  attempts?: OriginAttempt[];
  /**
   * Takes work the request finishes before it answers (writing a kept copy), so the work runs beside
   * the render instead of before it. Absent: the work runs on its own. It never rejects.
   */
  defer?(work: Promise<void>): void;
  /** Told what an endpoint's kept copy did (see `origins/copies/`), with the failure's detail. */
  onCopy?(outcome: CopyOutcome, detail?: string): void;
}

/** A kept copy answered, was written, or failed to be read or written (the origin answered then). */
export type CopyOutcome = 'hit' | 'stored' | 'read-failed' | 'write-failed';

/** One origin asked for the original: what it answered, how long it took, how many bytes it sent. */
export interface OriginAttempt {
  origin: string;
  /** 200 when found, else the status of the error it answered with. */
  status: number;
  /** The error code when it did not answer with the original. */
  errorCode?: string;
  ms: number;
  bytes: number;
}

/** A conditional fetch's outcome: the original is the one with that ETag still, or here are its new bytes. */
export type Revalidation =
  { unchanged: true; source: string } | { unchanged: false; original: OriginalImage };

/**
 * One configured origin. `fetch` resolves with the original or throws an ImageError: `ENOENT` (try the
 * next origin), `EACCES`, `ECONNREFUSED`, `ETIMEDOUT`, `ELIMIT`, `UNIDENTIFIED` (stop and report).
 * `revalidate` asks the same conditionally (`If-None-Match`), so an unchanged original costs no bytes.
 */
export interface OriginSource {
  readonly description: string;
  /** Whether the path is one this origin can name at all (a web proxy: only absolute URLs). @default true */
  accepts?(path: ImagePath): boolean;
  fetch(path: ImagePath, context: FetchContext): Promise<OriginalImage>;
  revalidate(path: ImagePath, etag: string, context: FetchContext): Promise<Revalidation>;
}
