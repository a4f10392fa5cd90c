import type { StatsSummary } from '../../shared/metrics/stats-summary';
import { formatBytes } from '../core/format-bytes';

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

/**
 * The stats view as text: one figure per line, errors by code indented under their total. The
 * README shows it as the picture of the local stats view.
 */
export function statsText(summary: StatsSummary, source: string): string {
  const errorShare = summary.requests > 0 ? ` (${percent(summary.errors / summary.requests)})` : '';
  const codes = Object.entries(summary.errorsByCode).sort((a, b) => b[1] - a[1]);
  const rows: [string, string][] = [
    ['Requests', String(summary.requests)],
    ['Errors', `${summary.errors}${errorShare}`],
    ...codes.map(([code, count]): [string, string] => [`  ${code}`, String(count)]),
    ['p99 latency', summary.p99LatencyMs === null ? '-' : `${Math.round(summary.p99LatencyMs)} ms`],
    ['Bytes out', formatBytes(summary.bytesOut)],
    [
      'Hit ratio',
      summary.hitRatio === null ? '- (no cache data)' : `${percent(summary.hitRatio)} (whole CDN)`,
    ],
  ];
  const head = `${summary.endpoint === null ? 'All endpoints' : `Endpoint "${summary.endpoint}"`}, ${summary.from} to ${summary.to} (${source})`;
  return [head, ...rows.map(([label, value]) => `  ${label.padEnd(14)}${value}`)].join('\n');
}
