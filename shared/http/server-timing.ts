/** Collects named durations for the `Server-Timing` header and the request's log line. */
export class ServerTiming {
  private readonly started: number;
  readonly durations: Record<string, number> = Object.create(null);

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

  /** `download;dur=12.3, transformation;dur=45.6, total;dur=60.1` */
  header(): string {
    const total = this.clock() - this.started;
    return [...Object.entries(this.durations), ['total', total] as const]
      .map(([name, duration]) => `${name};dur=${duration.toFixed(1)}`)
      .join(', ');
  }

  total(): number {
    return this.clock() - this.started;
  }
}
