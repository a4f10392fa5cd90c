import { invalid } from '../../errors/image-error';
import { expected } from '../validators';

/**
 * imgix colours as the canonical colour text: imgix writes alpha first (`ARGB`, `AARRGGBB`) in hex,
 * the canonical form last, as ImageKit's decimal opacity 00-99 (`RRGGBBAA`); names pass through.
 */
export function imgixColourText(value: string, name: string): string {
  if (!/^[0-9a-f]+$/i.test(value)) return value.toLowerCase();
  const digits = value.length === 3 || value.length === 4 ? [...value].map((d) => d + d).join('') : value;
  if (digits.length === 6) return digits.toUpperCase();
  if (digits.length !== 8) throw expected('a 3, 4, 6 or 8 digit hex colour or a colour name', name, value);
  const alpha = parseInt(digits.slice(0, 2), 16);
  const rgb = digits.slice(2).toUpperCase();
  if (alpha === 255) return rgb;
  return `${rgb}${String(Math.min(99, Math.round((alpha / 255) * 100))).padStart(2, '0')}`;
}

/** imgix sizes: pixels above 1, a fraction of the source from 0 to 1 (`1` is the whole source). */
export function imgixSize(value: string, name: string): string | undefined {
  if (!/^\d{1,6}(\.\d{1,6})?$|^\.\d{1,6}$/.test(value) || Number(value) <= 0)
    throw expected('a positive number of pixels, or a fraction 0-1', name, value);
  return Number(value) === 1 ? undefined : value;
}

/** A number within bounds, in imgix's words. */
export function imgixNumber(value: string, name: string, min: number, max: number): number {
  const number = /^-?\d{1,6}(\.\d{1,6})?$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= min && number <= max)) throw expected(`a number between ${min} and ${max}`, name, value);
  return number;
}

export function imgixBoolean(value: string, name: string): boolean {
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  throw expected('1, 0, true or false', name, value);
}

/** imgix's `<name>64` variants carry URL-safe base64 without padding. */
export function decodeBase64Value(value: string, name: string): string {
  if (!/^[A-Za-z0-9_-]*$/.test(value)) throw invalid(`Parameter "${name}" is not URL-safe base64`);
  return Buffer.from(value, 'base64url').toString('utf8');
}
