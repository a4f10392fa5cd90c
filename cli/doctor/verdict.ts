import type { OriginReport } from './probe-origin';
import type { Sample } from './sample-path';

/** The doctor's conclusion: what the service would do with the sample, and whether all is well. */
export interface Verdict {
  healthy: boolean;
  /** The origin whose answer the service would use: the first that did not answer "not found". */
  decidedBy: number | undefined;
  summary: string;
}

/**
 * Follows the service's rule (only "not found" moves on to the next origin). Healthy means the sample
 * is served — or, for a probe path, that every origin answered — and no origin has another problem.
 */
export function verdictOf(sample: Sample, reports: readonly OriginReport[]): Verdict {
  const problems = reports.filter(
    (report) => report.errorCode !== undefined && report.errorCode !== 'ENOENT',
  );
  const deciding = reports.find((report) => report.errorCode !== 'ENOENT');
  const decidedBy = deciding?.position;
  let summary: string;
  if (sample.kind === 'probe') {
    summary = problems.length
      ? `${problems.length} of ${reports.length} origins did not answer cleanly.`
      : 'Every origin answered (no sample image was found, so a 404 was the expected answer).';
    return { healthy: problems.length === 0, decidedBy, summary };
  }
  if (deciding === undefined) summary = 'Not served: no origin has this file (404 ENOENT).';
  else if (deciding.errorCode === undefined)
    summary = `Served by origin ${deciding.position} (${deciding.origin}).`;
  else
    summary = `Not served: origin ${deciding.position} stops the request with ${deciding.errorCode} (${deciding.status}).`;
  if (problems.length > 0 && deciding?.errorCode === undefined) {
    summary += ` But ${problems.length} origin(s) report problems.`;
  }
  return {
    healthy: deciding?.errorCode === undefined && deciding !== undefined && problems.length === 0,
    decidedBy,
    summary,
  };
}

/**
 * "Not found" in an origin before the one that served the sample is the fallback working as designed:
 * such reports get a note instead of a fix.
 */
export function explainFallthrough(reports: readonly OriginReport[], verdict: Verdict): OriginReport[] {
  const served = verdict.decidedBy !== undefined && reports[verdict.decidedBy - 1]?.errorCode === undefined;
  return reports.map((report) => {
    if (!served || report.errorCode !== 'ENOENT') return report;
    const explained: OriginReport = {
      ...report,
      notes: [...report.notes, 'not here: the service moves on to the next origin'],
    };
    delete explained.fix;
    return explained;
  });
}
