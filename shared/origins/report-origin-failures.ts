import { LRUCache } from 'lru-cache';
import { ImageError, ORIGIN_FAULT_CODES } from '../errors/image-error';
import type { EventPublisher } from '../events/event-publisher';
import { EVENT_TYPES } from '../events/event-types';
import type { Endpoint } from '../registry/endpoint-schema';
import type { OriginSource } from './types';

/**
 * Codes that say the origin itself is at fault; "not found", limits and bad input are the request's. An
 * unclassified failure thrown by an origin counts too: here, unlike in the metrics, it is the origin's.
 */
const ORIGIN_FAULTS: ReadonlySet<string> = new Set([...ORIGIN_FAULT_CODES, 'UNIDENTIFIED']);

export interface OriginFailureReportOptions {
  events: EventPublisher;
  /** At most one `Origin Failing` event per endpoint origin in this long (per instance). @default 60_000 */
  intervalMs?: number;
  /** The longest a failing request waits for its event to be handed over. @default 250 */
  publishWaitMs?: number;
  /** Endpoint origins tracked at once (least recently failing dropped first). @default 1000 */
  maxTracked?: number;
  now?: () => number;
}

interface Tally {
  failures: number;
  since: number;
  /** When the last event for this origin went out (0: never). */
  reportedAt: number;
}

/**
 * Wraps an origin factory so origin faults publish `Origin Failing`, rate-limited per endpoint origin so
 * an outage under load sends one event a minute (with the count), not one per request. The failure is
 * rethrown unchanged; the request waits at most `publishWaitMs` for the event.
 */
export function reportOriginFailures(
  originsFor: (endpoint: Endpoint) => readonly OriginSource[],
  options: OriginFailureReportOptions,
): (endpoint: Endpoint) => readonly OriginSource[] {
  const intervalMs = options.intervalMs ?? 60_000;
  const publishWaitMs = options.publishWaitMs ?? 250;
  const now = options.now ?? Date.now;
  const tallies = new LRUCache<string, Tally>({ max: options.maxTracked ?? 1000 });
  const wrapped = new WeakMap<readonly OriginSource[], readonly OriginSource[]>();

  async function failed(endpoint: Endpoint, source: OriginSource, error: ImageError): Promise<void> {
    const key = `${endpoint.id}\n${source.description}`;
    const at = now();
    const tally = tallies.get(key) ?? { failures: 0, since: at, reportedAt: 0 };
    tally.failures += 1;
    tallies.set(key, tally);
    if (at - tally.reportedAt < intervalMs) return;
    const detail = {
      endpoint: endpoint.id,
      origin: source.description,
      errorCode: error.code,
      message: error.message,
      failures: tally.failures,
      since: tally.since,
    };
    tallies.set(key, { failures: 0, since: at, reportedAt: at });
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, publishWaitMs).unref();
    });
    await Promise.race([options.events.publish([{ detailType: EVENT_TYPES.originFailing, detail }]), waited]);
    clearTimeout(timer);
  }

  const guard =
    (endpoint: Endpoint, source: OriginSource) =>
    async <T>(attempt: () => Promise<T>): Promise<T> => {
      try {
        return await attempt();
      } catch (error) {
        if (error instanceof ImageError && ORIGIN_FAULTS.has(error.code))
          await failed(endpoint, source, error);
        throw error;
      }
    };

  const wrap = (endpoint: Endpoint, source: OriginSource): OriginSource => {
    const guarded = guard(endpoint, source);
    return {
      description: source.description,
      accepts: source.accepts?.bind(source),
      fetch: (path, context) => guarded(() => source.fetch(path, context)),
      revalidate: (path, etag, context) => guarded(() => source.revalidate(path, etag, context)),
    };
  };

  return (endpoint) => {
    const sources = originsFor(endpoint);
    let reporting = wrapped.get(sources);
    if (!reporting) {
      reporting = sources.map((source) => wrap(endpoint, source));
      wrapped.set(sources, reporting);
    }
    return reporting;
  };
}
