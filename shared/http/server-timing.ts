/** Collects named durations for the `Server-Timing` header and the request's log line. */
export class ServerTiming {
  private readonly started: number;
  readonly durations: Record<string, number> = Object.create(null);
  private readonly descriptions: Record<string, string> = Object.create(null);

  constructor(private readonly clock: () => number = () => performance.now()) {
    this.started = clock();
  }

  async measure<T>(name: string, work: () => Promise<T>): Promise<T> {
    const start = this.clock();
    try {
      return await work();
    } finally {
      this.durations[name] = (this.durations[name] ?? 0) + (this.clock() - start);
    }
  }

  /** A metric without a duration, e.g. `quality;desc="q-62"` (quotes and backslashes dropped). */
  describe(name: string, description: string): void {
    this.descriptions[name] = description.replace(/["\\]/g, '');
  }

  /** `download;dur=12.3, transformation;dur=45.6, quality;desc="q-62", total;dur=60.1` */
  header(): string {
    const total = this.clock() - this.started;
    const durations = Object.entries(this.durations).map(
      ([name, duration]) => `${name};dur=${duration.toFixed(1)}`,
    );
    const described = Object.entries(this.descriptions).map(([name, text]) => `${name};desc="${text}"`);
    return [...durations, ...described, `total;dur=${total.toFixed(1)}`].join(', ');
  }

  total(): number {
    return this.clock() - this.started;
  }
}
