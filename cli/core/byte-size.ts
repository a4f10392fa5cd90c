import { formatBytes } from './format-bytes';
import { UsageError } from './usage-error';

const UNIT_BYTES: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/**
 * Bytes in a size flag: `16MiB`, `16M`, `16MB`, `512KiB`, `1GiB` or plain bytes. Units are binary
 * whichever way they are written, as the AWS CLI reads `multipart_threshold = 16MB`.
 */
export function parseByteSize(text: string, flag: string, bounds: { min: number; max: number }): number {
  const match = /^(\d{1,13})\s*(?:([kmg])(?:i?b)?)?$/i.exec(text.trim());
  const bytes = match ? Number(match[1]) * (UNIT_BYTES[(match[2] ?? '').toLowerCase()] ?? NaN) : NaN;
  if (!(bytes >= bounds.min && bytes <= bounds.max)) {
    throw new UsageError(
      `expected a size from ${formatBytes(bounds.min)} to ${formatBytes(bounds.max)} (like 16MiB) for ${flag} but received "${text}"`,
    );
  }
  return bytes;
}
