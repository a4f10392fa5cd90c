import type { Explanation } from '../../shared/service/explanation';

const orDash = (value: unknown) =>
  value === undefined || value === null || value === '' ? '-' : String(value);

/** The explanation for people: one labelled line per question, origins and timings as short lists. */
export function formatExplanation(explanation: Explanation): string {
  const { format, quality, limits, response } = explanation;
  const origins = explanation.origins.map(
    (origin) =>
      `  ${origin.origin}: ${origin.status}${origin.errorCode ? ` ${origin.errorCode}` : ''}, ${origin.ms} ms, ${origin.bytes} bytes`,
  );
  const timings = Object.entries(explanation.timings).map(([name, ms]) => `${name} ${ms} ms`);
  const size = response.width === undefined ? '' : `, ${response.width}x${response.height}`;
  return [
    `Endpoint:       ${orDash(explanation.endpoint)}`,
    `Origins tried:${origins.length === 0 ? ' -' : ''}`,
    ...origins,
    `Chain:          ${orDash(explanation.transformation)}`,
    `Format:         ${format ? `${format.value} (${format.reason}; Accept: ${format.accept || '-'})` : '-'}`,
    `Quality:        ${quality ? `${quality.value}${quality.value === 'auto' ? ` -> ${orDash(quality.chosen)}` : ''}` : '-'}`,
    `Limits:         max output ${limits.maxOutput ? `${limits.maxOutput.width}x${limits.maxOutput.height}` : '-'}` +
      `, allowed widths ${limits.allowedWidths ? `${limits.allowedWidths.widths.join(',')} (${limits.allowedWidths.policy})` : '-'}` +
      `, Save-Data quality cap ${orDash(limits.saveDataQualityCap)}, Content-DPR ${orDash(limits.contentDpr)}`,
    `Cache key:      ${explanation.cacheKey}`,
    `Version:        ${orDash(explanation.version.url)} (recorded version known: ${explanation.version.recorded ? 'yes' : 'no'})`,
    `Cache-Control:  ${orDash(explanation.cacheControl.value)} (${orDash(explanation.cacheControl.reason)})`,
    `Response:       ${response.status}${response.errorCode ? ` ${response.errorCode}` : ''}, ${orDash(response.contentType)}, ${response.bytes} bytes${size}`,
    `Timings:        ${timings.join(', ')}`,
  ].join('\n');
}
