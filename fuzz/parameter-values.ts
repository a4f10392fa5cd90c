import { PARAMETERS, type ParameterDescriptor } from '../shared/url/parameters';

/**
 * What the fuzzer knows about each parameter, learnt from the table itself (its examples, doc lines
 * and parsers) rather than copied from it, so a new or re-bounded parameter is fuzzed without edits.
 */
export interface ParameterValues {
  key: string;
  /** Values the parser accepts; `undefined` is the bare key (`e-grayscale`). */
  valid: ReadonlyArray<string | undefined>;
  /** Each numeric bound and its neighbour just inside the accepted range. */
  boundaryInside: readonly string[];
  /** The neighbour just outside each numeric bound. */
  boundaryOutside: readonly string[];
}

/** Finest grid the validators are probed on (they accept at most 12 characters). */
const MAX_DECIMALS = 4;
const SEARCH_CEILING = 10 ** 9;

function accepts(descriptor: ParameterDescriptor, value: string | undefined): boolean {
  try {
    descriptor.parse(value, descriptor.key);
    return true;
  } catch {
    return false;
  }
}

/** The value part of the descriptor's example: `w-400` -> `400`, `e-grayscale` -> undefined. */
function exampleValue(descriptor: ParameterDescriptor): string | undefined {
  return descriptor.example === descriptor.key
    ? undefined
    : descriptor.example.slice(descriptor.key.length + 1);
}

const gridText = (units: number, scale: number): string =>
  String(Number((units / scale).toFixed(MAX_DECIMALS)));

/** First grid point in [low, high] the predicate holds for, given it holds from some point on. */
function firstTrue(low: number, high: number, holds: (units: number) => boolean): number {
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (holds(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * The accepted range of a numeric parameter, found by bisection around its example with the parser as
 * the oracle, and the values at and either side of each end.
 */
function numericBoundaries(descriptor: ParameterDescriptor, example: number) {
  // The finest step the parser takes at the example: 0 decimals for integers, up to MAX_DECIMALS.
  const finerAccepted = (decimals: number) =>
    accepts(descriptor, gridText(Math.round(example * 10 ** decimals) + 1, 10 ** decimals));
  let decimals = MAX_DECIMALS;
  while (decimals > 0 && !finerAccepted(decimals)) decimals -= 1;
  const scale = 10 ** decimals;
  const ok = (units: number) => accepts(descriptor, gridText(units, scale));
  const exampleUnits = Math.round(example * scale);
  const min = firstTrue(0, exampleUnits, ok);
  const max = firstTrue(exampleUnits, SEARCH_CEILING * scale, (units) => !ok(units)) - 1;
  const inside = [min, min + 1, max - 1, max].map((units) => gridText(units, scale));
  const outside = [min - 1, max + 1].map((units) =>
    units < 0 ? `-${gridText(-units, scale)}` : gridText(units, scale),
  );
  return { min, max, scale, inside, outside };
}

/** Words of the doc line (`at_max`, `webp`) the parser accepts: the enumerated values. */
function documentedValues(descriptor: ParameterDescriptor): string[] {
  const words = new Set(descriptor.doc.match(/[A-Za-z0-9_]+/g) ?? []);
  return [...words].filter((word) => accepts(descriptor, word));
}

/** An accepted number to search the bounds from: the example's value, else one in the doc line. */
function numericSeed(descriptor: ParameterDescriptor): number | undefined {
  const candidates = [exampleValue(descriptor) ?? '', ...(descriptor.doc.match(/\d+(?:\.\d+)?/g) ?? [])];
  const seed = candidates.find((text) => /^\d+(\.\d+)?$/.test(text) && accepts(descriptor, text));
  return seed === undefined ? undefined : Number(seed);
}

function learn(descriptor: ParameterDescriptor): ParameterValues {
  const valid = new Set<string | undefined>([exampleValue(descriptor), ...documentedValues(descriptor)]);
  if (accepts(descriptor, undefined)) valid.add(undefined);
  const seed = numericSeed(descriptor);
  if (seed === undefined) {
    return { key: descriptor.key, valid: [...valid], boundaryInside: [], boundaryOutside: [] };
  }
  const bounds = numericBoundaries(descriptor, seed);
  // A few evenly spread in-range values, so valid chains do more than repeat the example.
  for (const fraction of [0.01, 0.1, 0.5]) {
    const units = Math.round(bounds.min + (bounds.max - bounds.min) * fraction);
    valid.add(gridText(units, bounds.scale));
  }
  return {
    key: descriptor.key,
    valid: [...valid].filter((value) => accepts(descriptor, value)),
    boundaryInside: bounds.inside,
    boundaryOutside: bounds.outside,
  };
}

export const PARAMETER_VALUES: readonly ParameterValues[] = PARAMETERS.map(learn);
