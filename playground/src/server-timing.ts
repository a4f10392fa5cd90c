/** One `Server-Timing` metric with a duration: `transformation;dur=45.6`. */
export interface TimingFigure {
  readonly name: string;
  readonly ms: number;
}

/** The metrics with a `dur` in a `Server-Timing` header; described-only metrics (`quality;desc=`) are left out. */
export function timingFigures(header: string | null): TimingFigure[] {
  if (!header) return [];
  return header.split(',').flatMap((metric) => {
    const [name = '', ...params] = metric.trim().split(';');
    const duration = params.map((param) => /^\s*dur=([\d.]+)\s*$/.exec(param)?.[1]).find(Boolean);
    return duration === undefined || name === '' ? [] : [{ name, ms: Number(duration) }];
  });
}

/** `download 12.3 ms · transformation 45.6 ms · total 60.1 ms` */
export const formatTiming = (figures: readonly TimingFigure[]): string =>
  figures.map((figure) => `${figure.name} ${figure.ms.toFixed(1)} ms`).join(' · ') || '-';
