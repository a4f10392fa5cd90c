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
  bytesIn?: number;
  bytesOut: number;
  format?: string;
  timings: Record<string, number>;
}

export type RequestLogger = (record: RequestLogRecord) => void;

export const jsonLineLogger: RequestLogger = (record) => {
  process.stdout.write(
    `${JSON.stringify({ level: record.status >= 500 ? 'error' : 'info', msg: 'request', ...record })}\n`,
  );
};
