import type { Logger } from '@aws-lambda-powertools/logger';
import type { CopyOutcome } from '../origins/types';

/** One structured line per request; the sink is swappable so tests and the local server can capture it. */
export interface RequestLogRecord {
  requestId: string;
  method: string;
  endpoint: string | undefined;
  path: string;
  transformation: string | undefined;
  status: number;
  errorCode?: string;
  error?: string;
  source?: string;
  /** True when an origin after the first answered (the ones before it did not have the file). */
  originFallback?: boolean;
  bytesIn?: number;
  /** What the endpoint's kept copy of the original did (`keepOriginalCopy`), and why it failed. */
  originalCopy?: CopyOutcome;
  originalCopyError?: string;
  bytesOut: number;
  format?: string;
  /** True when `settings.maxVariantsPerOriginal` refused a new transformation. */
  variantBudgetHit?: boolean;
  timings: Record<string, number>;
}

export type RequestLogger = (record: RequestLogRecord) => void;

/** Writes the request's line through Powertools (message `request`); failures of ours log at ERROR. */
export const requestLogTo =
  (logger: Logger): RequestLogger =>
  (record) => {
    if (record.status >= 500) logger.error('request', { ...record });
    else logger.info('request', { ...record });
  };
