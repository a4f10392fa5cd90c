import { formatBytes } from '../core/format-bytes';
import type { AnalyzedImage, Measured, PageAnalysis } from './analyze-page';

const size = (width: number | undefined, height: number | undefined) =>
  width === undefined ? '' : `${width}x${height ?? '?'}`;

function describe(measured: Measured | undefined): string {
  if (measured === undefined) return '-';
  if ('error' in measured) return `${measured.code}`;
  return `${measured.format} ${size(measured.width, measured.height)} ${formatBytes(measured.bytes)}`.replace(
    /\s+/g,
    ' ',
  );
}

const percentOf = (saving: number, of: number) => (of > 0 ? `${((saving / of) * 100).toFixed(1)}%` : '-');

function row(index: number, image: AnalyzedImage): string[] {
  const originalBytes = 'bytes' in image.original ? image.original.bytes : 0;
  return [
    String(index + 1),
    image.url,
    describe(image.original),
    size(image.renderedWidth, image.renderedHeight) || '-',
    image.skipped ?? describe(image.imgfront),
    image.savingBytes === undefined ? '-' : percentOf(image.savingBytes, originalBytes),
  ];
}

/** The analysis as a table, one row per image, and a line with the total saving. */
export function analysisText(analysis: PageAnalysis): string {
  const rows = [
    ['#', 'image', 'original', 'rendered', 'imgfront', 'saving'],
    ...analysis.images.map((image, index) => row(index, image)),
  ];
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((cells) => (cells[column] ?? '').length))) ?? [];
  const table = rows.map((cells) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  const { totals } = analysis;
  const summary =
    `${totals.images} images on ${analysis.page}; ${totals.compared} compared: ` +
    `${formatBytes(totals.originalBytes)} -> ${formatBytes(totals.imgfrontBytes)} with imgfront, ` +
    `saving ${formatBytes(Math.max(0, totals.savingBytes))} (${percentOf(totals.savingBytes, totals.originalBytes)})` +
    (analysis.truncated ? '\n(only the first images were analysed)' : '');
  return [...table, summary].join('\n');
}
