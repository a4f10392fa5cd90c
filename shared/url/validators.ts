import { invalid, type ImageError } from '../errors/image-error';

/** Messages follow sharp's "expected X for Y but received Z" so the offending parameter is obvious. */
export function expected(what: string, param: string, received: string | undefined): ImageError {
  const shown = received === undefined ? 'nothing' : JSON.stringify(received.slice(0, 40));
  return invalid(`Expected ${what} for parameter "${param}" but received ${shown}`);
}

const DECIMAL = /^\d+(\.\d+)?$|^\.\d+$/;

/** A plain decimal number within [min, max]: no exponents, signs, hex or NaN sneak through. */
export function decimalIn(min: number, max: number) {
  return (raw: string | undefined, param: string): number => {
    if (raw === undefined || !DECIMAL.test(raw) || raw.length > 12) {
      throw expected(`a number between ${min} and ${max}`, param, raw);
    }
    const value = Number(raw);
    if (value < min || value > max) throw expected(`a number between ${min} and ${max}`, param, raw);
    return value;
  };
}

export function integerIn(min: number, max: number) {
  return (raw: string | undefined, param: string): number => {
    if (raw === undefined || !/^\d{1,9}$/.test(raw))
      throw expected(`an integer between ${min} and ${max}`, param, raw);
    const value = Number(raw);
    if (value < min || value > max) throw expected(`an integer between ${min} and ${max}`, param, raw);
    return value;
  };
}

export function oneOf<T extends string>(values: readonly T[], aliases: Readonly<Record<string, T>> = {}) {
  return (raw: string | undefined, param: string): T => {
    // `hasOwn`, so inherited names such as "constructor" are never taken for aliases.
    const alias = raw !== undefined && Object.hasOwn(aliases, raw) ? aliases[raw] : undefined;
    const match = values.find((value) => value === raw) ?? alias;
    if (match === undefined) throw expected(`one of ${values.join(', ')}`, param, raw);
    return match;
  };
}

export function booleanFlag(raw: string | undefined, param: string): boolean {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw expected('true or false', param, raw);
}

/** Shortest decimal text for a number (`0.5`, `400`), so equal values serialise equally. */
export const formatNumber = (value: number): string => String(Number(value.toFixed(6)));
