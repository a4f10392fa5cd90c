import { megabytes, type MemorySampler } from './memory';

interface Notable {
  amount: number;
  description: string;
}

/** What the run did, for the summary: cases per family, answers per status and code, the extremes. */
export class FuzzStats {
  private readonly families = new Map<string, number>();
  private readonly answers = new Map<string, number>();
  private slowest: Notable = { amount: 0, description: '(none)' };
  private hungriest: Notable = { amount: 0, description: '(none)' };

  record(family: string, answer: string, ms: number, description: string): void {
    this.families.set(family, (this.families.get(family) ?? 0) + 1);
    this.answers.set(answer, (this.answers.get(answer) ?? 0) + 1);
    if (ms > this.slowest.amount) this.slowest = { amount: ms, description };
  }

  recordGrowth(bytes: number, description: string): void {
    if (bytes > this.hungriest.amount) this.hungriest = { amount: bytes, description };
  }

  /** The case that raised RSS most: RSS rarely falls again, so it is the likely culprit of a cap finding. */
  hungriestCase(): string {
    return `+${megabytes(this.hungriest.amount)}: ${this.hungriest.description}`;
  }

  summary(memory: MemorySampler, elapsedSeconds: number): string {
    const total = [...this.families.values()].reduce((sum, count) => sum + count, 0);
    const table = (counts: Map<string, number>) =>
      [...counts.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, count]) => `    ${name.padEnd(24)} ${count}`)
        .join('\n');
    return [
      `fuzz: ${total} cases (shrinking included) in ${elapsedSeconds.toFixed(1)} s`,
      '  cases per family:',
      table(this.families),
      '  answers (status, error code):',
      table(this.answers),
      `  peak RSS ${megabytes(memory.peakRssBytes)}, peak JS heap ${megabytes(memory.peakHeapBytes)}`,
      `  slowest case ${this.slowest.amount.toFixed(0)} ms: ${this.slowest.description}`,
      `  largest RSS growth ${this.hungriestCase()}`,
    ].join('\n');
  }
}
