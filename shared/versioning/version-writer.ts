import { toImageError } from '../errors/image-error';
import { noEventPublisher, type EventPublisher } from '../events/event-publisher';
import { EVENT_TYPES, type ImgfrontEvent } from '../events/event-types';
import { eventLogTo, type EventLog } from '../log/event-log';
import { createLogger, SERVICE_NAME } from '../log/logger';
import type { PurgeMessage } from '../purge/purge-message';
import type { PurgeSink } from '../purge/purge-sink';
import type { EndpointLister } from '../registry/list-endpoints';
import { endpointFilesForObject } from './endpoint-paths';
import { parseObjectEvents, type ObjectEvent } from './object-event';
import type { RecordResult, StoredVersion } from './object-version';
import { purgeRequestFor } from './purge-request';
import type { VersionStore } from './version-store';

/** What one payload changed, for the Lambda's result and the tests. */
export interface VersionWriteReport {
  applied: number;
  duplicate: number;
  stale: number;
  rejected: number;
  /** Purge requests sent (one per version that needed one). */
  purges: number;
}

export interface VersionWriterOptions {
  store: VersionStore;
  /** Asked for a listing loaded after the payload's events, and rechecked for objects none serves. */
  endpoints: EndpointLister;
  sink: PurgeSink;
  log?: EventLog;
  /** Receives a `Version Recorded` event per applied (or redelivered) change. @default none */
  events?: EventPublisher;
  now?: () => number;
  /** Keys recorded at once; events of one key always run in order. @default 8 */
  concurrency?: number;
}

/** Records the object events of one Lambda payload and requests the purges they need. */
export type VersionWriter = (payload: unknown) => Promise<VersionWriteReport>;

/** Events grouped by object and put in sequencer order, so one payload's events of a key apply in order. */
function byObject(events: readonly ObjectEvent[]): ObjectEvent[][] {
  const groups = new Map<string, ObjectEvent[]>();
  for (const event of events) {
    const id = `${event.bucket}\n${event.key}`;
    groups.set(id, [...(groups.get(id) ?? []), event]);
  }
  return [...groups.values()].map((group) => group.sort((a, b) => (a.sequencer < b.sequencer ? -1 : 1)));
}

/**
 * The latest moment any of the events may have happened. EventBridge gives event times to the second
 * (a change at 10:00:00.900 arrives as 10:00:00), so each event counts as late as the end of its second.
 * A listing loaded after it holds every endpoint stored before the changes.
 */
function latestPossibleTime(events: readonly ObjectEvent[]): number {
  const latest = Math.max(...events.map((event) => event.eventTimeMs));
  return latest - (latest % 1000) + 999;
}

/**
 * The version writer. Each event is recorded with a conditional write (late and repeated events are
 * logged no-ops); applied versions that changed what CloudFront may hold yield one purge each, sent
 * together. A repeated event re-sends its purge (same id, so it is carried out once) in case the first
 * delivery failed before the send. Purges are decided on a listing loaded after the events happened,
 * rechecked (rate-limited) for objects no listed endpoint serves, so an endpoint stored just before
 * an overwrite is purged too. Any failure to record or send throws, so Lambda retries the payload.
 */
export function createVersionWriter(options: VersionWriterOptions): VersionWriter {
  const log = options.log ?? eventLogTo(createLogger(SERVICE_NAME.versionWriter));
  const now = options.now ?? Date.now;
  const concurrency = options.concurrency ?? 8;
  const publisher = options.events ?? noEventPublisher;

  return async (payload) => {
    const { events, rejected } = parseObjectEvents(payload);
    for (const reason of rejected) log('warn', 'object event rejected', { reason });
    const report: VersionWriteReport = {
      applied: 0,
      duplicate: 0,
      stale: 0,
      rejected: rejected.length,
      purges: 0,
    };
    if (events.length === 0) return report;

    let listing = await options.endpoints.loadedAfter(latestPossibleTime(events));
    for (const entry of listing.invalid) log('error', 'invalid endpoint skipped', entry);
    const endpointsServing = async (event: ObjectEvent) => {
      if (endpointFilesForObject(listing.endpoints, event.bucket, event.key).length === 0) {
        listing = await options.endpoints.recheck();
      }
      return listing.endpoints;
    };
    const purges: PurgeMessage[] = [];
    const history: StoredVersion[] = [];
    const recorded: ImgfrontEvent[] = [];

    const recordInOrder = async (group: ObjectEvent[]) => {
      for (const event of group) {
        const result: RecordResult = await options.store.record(event);
        report[result.outcome] += 1;
        // A duplicate rewrites its history and re-sends its purge in case its first delivery failed.
        if (result.outcome !== 'stale') history.push(result.version);
        const purge =
          result.outcome === 'stale'
            ? undefined
            : purgeRequestFor(result.version, await endpointsServing(event), now());
        if (purge) purges.push(purge);
        const sequencer = event.sequencer.replace(/^0+(?=.)/, '');
        log('info', 'object event recorded', {
          bucket: event.bucket,
          key: event.key,
          kind: event.kind,
          sequencer,
          outcome: result.outcome,
          purgePaths: purge?.paths,
        });
        if (result.outcome === 'stale') continue;
        const { bucket, key, kind, eventTimeMs: updatedAt, etag, size } = event;
        recorded.push({
          detailType: EVENT_TYPES.versionRecorded,
          detail: { bucket, key, kind, sequencer, updatedAt, etag, size, purgePaths: purge?.paths },
        });
      }
    };

    const queue = byObject(events);
    const workers = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let group = queue.shift(); group; group = queue.shift()) await recordInOrder(group);
    });
    await Promise.all(workers);
    await options.store.writeHistory(history);

    if (purges.length > 0) {
      try {
        await options.sink.send(purges);
      } catch (error) {
        const failure = toImageError(error);
        log('error', 'purge requests not sent', {
          purges: purges.length,
          error: failure.internal ?? failure.message,
        });
        throw failure;
      }
      report.purges = purges.length;
    }
    // Only once everything is recorded and sent: a payload Lambda retries publishes on the retry.
    await publisher.publish(recorded);
    return report;
  };
}
