/** The `source` of every event imgfront publishes (EventBridge rules match on it). */
export const EVENT_SOURCE = 'imgfront';

/** The `detail-type` of each event, as EventBridge rules and webhook subscriptions name them. */
export const EVENT_TYPES = {
  versionRecorded: 'Version Recorded',
  purgeRequested: 'Purge Requested',
  purgeCompleted: 'Purge Completed',
  originFailing: 'Origin Failing',
} as const;
export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];
export const ALL_EVENT_TYPES: readonly EventType[] = Object.values(EVENT_TYPES);

/** An object in an origin bucket changed and the version writer recorded its new version. */
export interface VersionRecordedDetail {
  bucket: string;
  key: string;
  kind: 'created' | 'deleted';
  /** S3's sequencer for the change (leading zeros trimmed); with bucket and key, the event's identity. */
  sequencer: string;
  /** S3's event time, ms since the epoch: the `updatedAt` versioned URLs carry. */
  updatedAt: number;
  etag?: string;
  size?: number;
  /** Invalidation paths the change asked for (absent: no endpoint could have served the old object). */
  purgePaths?: string[];
}

/** imgfront asked CloudFront to invalidate a purge's paths (one invalidation may carry several purges). */
export interface PurgeRequestedDetail {
  purgeId: string;
  paths: string[];
  distributionId: string;
  invalidationId: string;
  /** When the purge was asked for (object change or operator), ms since the epoch. */
  requestedAt: number;
  /** When the invalidation was created, ms since the epoch. */
  submittedAt: number;
}

/** CloudFront reported a purge's invalidation completed: no edge serves the old transformations. */
export interface PurgeCompletedDetail extends PurgeRequestedDetail {
  /** When imgfront saw the invalidation completed, ms since the epoch. */
  completedAt: number;
}

/** An endpoint's origin failed in a way that is not "not found" (refused, timed out, 5xx, denied). */
export interface OriginFailingDetail {
  endpoint: string;
  /** The origin as logs name it (`s3://bucket/prefix`, `web https://host/path`), without credentials. */
  origin: string;
  /** The `x-imgfront-error` code viewers got: `EACCES`, `ECONNREFUSED`, `ETIMEDOUT` or `UNIDENTIFIED`. */
  errorCode: string;
  /** The public message viewers got (never the internal detail). */
  message: string;
  /** Failures of this origin seen by this instance since the previous event for it (at least 1). */
  failures: number;
  /** When the first of those failures happened, ms since the epoch. */
  since: number;
}

/** One event as imgfront hands it to a publisher; the envelope (id, time, account) is added on delivery. */
export type ImgfrontEvent =
  | { detailType: typeof EVENT_TYPES.versionRecorded; detail: VersionRecordedDetail }
  | { detailType: typeof EVENT_TYPES.purgeRequested; detail: PurgeRequestedDetail }
  | { detailType: typeof EVENT_TYPES.purgeCompleted; detail: PurgeCompletedDetail }
  | { detailType: typeof EVENT_TYPES.originFailing; detail: OriginFailingDetail };
