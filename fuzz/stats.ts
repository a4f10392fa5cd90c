import { megabytes, type MemorySampler } from './memory';

/** What the run did, for the summary: cases per family, answers per status and code, the slowest case. */
export class FuzzStats {
  private readonly families = new Map<string, number>();
  private readonly answers = new Map<string, number>();
  private slowest: { ms: number; description: string } = { ms: 0, description: '(none)' };

  record(family: string, answer: string, ms: number, description: string): void {
    this.families.set(family, (this.families.get(family) ?? 0) + 1);
    this.answers.set(answer, (this.answers.get(answer) ?? 0) + 1);
    if (ms > this.slowest.ms) this.slowest = { ms, description };
  }

  summary(memory: MemorySampler, elapsedSeconds: number): string {
    const total = [...this.families.values()].reduce((sum, count) => sum + count, 0);
    const table = (counts: Map<string, number>) =>
      [...counts.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, count]) => `    ${name.padEnd(24)} ${count}`)
        .join('\n');
    return [
      `fuzz: ${total} cases in ${elapsedSeconds.toFixed(1)} s`,
      '  cases per family:',
      table(this.families),
      '  answers (status, error code):',
      table(this.answers),
      `  peak RSS ${megabytes(memory.peakRssBytes)}, peak JS heap ${megabytes(memory.peakHeapBytes)}`,
      `  slowest case ${this.slowest.ms.toFixed(0)} ms: ${this.slowest.description}`,
    ].join('\n');
  }
}
