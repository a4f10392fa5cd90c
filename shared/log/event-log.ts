/** Severity of a background-work log line. */
export type EventLogLevel = 'info' | 'warn' | 'error';

/**
 * A structured log sink for event-driven work (S3 events, purge queues): one JSON object per line in
 * Lambda, swappable so tests and the local stack can capture or silence it.
 */
export type EventLog = (level: EventLogLevel, message: string, fields?: Record<string, unknown>) => void;

/** Writes one JSON line per entry to stdout (CloudWatch Logs parses it). */
export const jsonEventLog: EventLog = (level, message, fields = {}) => {
  process.stdout.write(`${JSON.stringify({ level, msg: message, ...fields })}\n`);
};

/** Discards everything; for tests that assert on behaviour, not on log lines. */
export const silentEventLog: EventLog = () => undefined;
