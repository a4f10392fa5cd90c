/**
 * What the registry table knows about one object: the latest event S3 reported for it. A deleted
 * object keeps a tombstone so a late, older create can never bring it back.
 */
export interface ObjectVersion {
  bucket: string;
  key: string;
  /** Normalized (padded) S3 sequencer of the event that produced this version. */
  sequencer: string;
  /** S3's event time in ms: the `updatedAt` value versioned URLs carry. */
  updatedAt: number;
  deleted: boolean;
  etag?: string;
  size?: number;
}

/** The version that this one replaced, as it was when replaced (absent for the first event seen). */
export interface PreviousVersion {
  sequencer: string;
  etag?: string;
  deleted: boolean;
}

/** A version as stored: the object's version plus what it replaced, so a purge decision can be redone. */
export interface StoredVersion extends ObjectVersion {
  previous?: PreviousVersion;
}

/**
 * The outcome of recording one event. `applied`: it is now the current version. `duplicate`: this
 * exact event was recorded before (S3 delivers at least once). `stale`: a newer event already won, so
 * nothing changed.
 */
export type RecordResult =
  | { outcome: 'applied' | 'duplicate'; version: StoredVersion }
  | { outcome: 'stale'; current: StoredVersion | undefined };
