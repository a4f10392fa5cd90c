import { UsageError } from './usage-error';

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds in a duration flag: `90`, `90s`, `15m`, `1h`, `7d`. */
export function parseDurationSeconds(text: string, flag: string): number {
  const match = /^(\d{1,9})([smhd]?)$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * (UNIT_SECONDS[match[2] || 's'] ?? 1) : NaN;
  if (!(seconds > 0)) {
    throw new UsageError(`expected a duration like 90s, 15m, 1h or 7d for ${flag} but received "${text}"`);
  }
  return seconds;
}
