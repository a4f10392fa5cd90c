/** The EMF fields tests read: the directive CloudWatch ingests, and the values at the root. */
export interface EmfLine {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  [field: string]: unknown;
}

export interface StdoutCapture {
  /** Every JSON line written so far. */
  jsonLines(): Record<string, unknown>[];
  /** The embedded-metric-format lines among them, as CloudWatch Logs would extract them. */
  emfLines(): EmfLine[];
  clear(): void;
  restore(): void;
}

/** Captures what the code under test writes to stdout (Powertools' log and EMF lines) instead of printing it. */
export function captureStdout(): StdoutCapture {
  let written = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    written += String(chunk);
    return true;
  });
  const jsonLines = () =>
    written
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return {
    jsonLines,
    emfLines: () => jsonLines().filter((line): line is EmfLine => '_aws' in line),
    clear: () => {
      written = '';
    },
    restore: () => spy.mockRestore(),
  };
}
