import type { Limits } from '../../shared/config/config';
import { toImageError, type ErrorCode } from '../../shared/errors/image-error';
import type { ImagePath, OriginSource } from '../../shared/origins/types';
import { webFolderUrl } from '../../shared/origins/web/web-folder-origin';
import { webProxyUrl } from '../../shared/origins/web/web-proxy-origin';
import type { Origin } from '../../shared/registry/endpoint-schema';
import { readSourceInfo } from '../../shared/transform/source-info';
import { contentTypeNote } from './content-check';
import { likelyFix } from './likely-fix';

/** What one origin did with the sample. */
export interface OriginReport {
  /** 1-based, in the order the service tries origins. */
  position: number;
  origin: string;
  type: Origin['type'];
  /** Whether the origin answered at all (a 404 or 403 is an answer). */
  reachable: boolean;
  /** What the service would answer if this origin were the one that decided. */
  status: number;
  latencyMs: number;
  /** Where the bytes came from (after redirects, for web origins). */
  source?: string;
  redirectedTo?: string;
  claimedContentType?: string;
  /** The type read from the bytes: `jpeg 1200x800`. */
  sniffedType?: string;
  bytes?: number;
  errorCode?: ErrorCode;
  /** The failure as logged by the service (names the key, URL or status). */
  detail?: string;
  fix?: string;
  notes: string[];
}

const UNREACHABLE: ReadonlySet<ErrorCode> = new Set(['ECONNREFUSED', 'ETIMEDOUT']);

/** The URL the service asks a web origin for first, to tell when it was redirected elsewhere. */
function firstUrl(origin: Origin, path: ImagePath): string | undefined {
  try {
    if (origin.type === 'web') return webFolderUrl(origin.baseUrl, path).href;
    if (origin.type === 'webProxy') return webProxyUrl(origin, path).href;
  } catch {
    // An invalid path fails in the fetch itself, where it is reported.
  }
  return undefined;
}

/**
 * Fetches the sample from one origin exactly as the service does (same origin code, limits, SSRF
 * guard and deadline) and reads the bytes' real type, reporting instead of throwing.
 */
export async function probeOrigin(
  source: OriginSource,
  origin: Origin,
  position: number,
  path: ImagePath,
  limits: Limits,
): Promise<OriginReport> {
  const report: OriginReport = {
    position,
    origin: source.description,
    type: origin.type,
    reachable: true,
    status: 200,
    latencyMs: 0,
    notes: [],
  };
  const started = performance.now();
  try {
    const original = await source.fetch(path, {
      limits,
      signal: AbortSignal.timeout(limits.requestDeadlineMs),
    });
    report.latencyMs = Math.round(performance.now() - started);
    report.source = original.source;
    report.bytes = original.body.byteLength;
    report.claimedContentType = original.claimedContentType;
    const expected = firstUrl(origin, path);
    if (expected !== undefined && !expected.startsWith(original.source))
      report.redirectedTo = original.source;
    const info = await readSourceInfo(original.body, limits);
    report.sniffedType = `${info.format} ${info.width}x${info.height}${info.frames > 1 ? ` ${info.frames} frames` : ''}`;
    const note = contentTypeNote(original.claimedContentType, info.format);
    if (note) report.notes.push(note);
  } catch (error) {
    const failure = toImageError(error);
    if (report.latencyMs === 0) report.latencyMs = Math.round(performance.now() - started);
    report.reachable = !UNREACHABLE.has(failure.code);
    report.status = failure.status;
    report.errorCode = failure.code;
    report.detail = failure.internal ?? failure.message;
    report.fix = likelyFix(failure.code, origin.type, failure.retryable);
  }
  return report;
}
