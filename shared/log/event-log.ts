import type { Logger } from '@aws-lambda-powertools/logger';

/** Severity of a background-work log line. */
export type EventLogLevel = 'info' | 'warn' | 'error';

/**
 * A structured log sink for event-driven work (S3 events, purge queues), swappable so tests and the
 * local stack can capture or silence it.
 */
export type EventLog = (level: EventLogLevel, message: string, fields?: Record<string, unknown>) => void;

/** Writes through a Powertools logger: one JSON line per entry, with the invocation's context keys. */
export const eventLogTo =
  (logger: Logger): EventLog =>
  (level, message, fields = {}) =>
    logger[level](message, fields);

/** Discards everything; for tests that assert on behaviour, not on log lines. */
export const silentEventLog: EventLog = () => undefined;
