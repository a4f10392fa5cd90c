import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { VersionWriteReport } from '../versioning/version-writer';

/** Records what one version-writer payload did. */
export type VersionMetrics = (report: VersionWriteReport) => void;

/**
 * `VersionsRecorded`: versions newly recorded (late and repeated events are not); `PurgesRequested`:
 * purge requests queued for them. Zeros are recorded too, so a quiet period graphs as 0, not a gap.
 */
export const versionMetricsTo =
  (metrics: Metrics): VersionMetrics =>
  (report) => {
    metrics.addMetric('VersionsRecorded', MetricUnit.Count, report.applied);
    metrics.addMetric('PurgesRequested', MetricUnit.Count, report.purges);
  };
