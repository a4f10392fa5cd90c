import { invalid } from '../errors/image-error';
import type { ParameterDescriptor } from './parameters';
import {
  COMPARISON_OPERATORS,
  CONDITION_PROPERTIES,
  type Comparison,
  type ComparisonOperator,
  type ConditionProperty,
  type TransformStep,
} from './transform-spec';
import { expected, formatNumber } from './validators';

/**
 * ImageKit's conditions: `if-<property>_<operator>_<value>` joined by `_and_` / `_or_` (`and` binds
 * tighter). Properties: the current `w`, `h`, `ar` and the original `iw`, `ih`, `iar`.
 */

export const CONDITION_START = 'if-';
export const CONDITION_ELSE = 'if-else';
export const CONDITION_END = 'if-end';
/** Bounds on one test, so evaluating it stays trivial. */
export const MAX_CONDITION_LENGTH = 200;
export const MAX_COMPARISONS = 8;
/** Steps a chain may hold counting every branch of its if blocks (a chain alone holds at most 10). */
export const MAX_STEPS_WITH_BRANCHES = 30;

/** Steps of a chain, counting the steps of both branches of each if block instead of the block. */
export const stepsWithBranches = (steps: readonly TransformStep[]): number =>
  steps.reduce(
    (total, step) =>
      total +
      (step.condition ? stepsWithBranches(step.condition.then) + stepsWithBranches(step.condition.else) : 1),
    0,
  );

/** ImageKit documents no nesting; we allow a little, as bounded as layers. */
export const MAX_CONDITION_DEPTH = 3;

/**
 * Parameters the service reads before or beside the chain, never from the step that runs: the output
 * plan (format, quality, encoder options, flattening colour) is made before rendering, `n` and `di` are
 * resolved before fetching, and layer-level fields are read from the layer's own steps. In a branch they
 * would be silently ignored, so they are refused there.
 */
const READ_BEFORE_THE_CHAIN: ReadonlySet<string> = new Set(['q', 'bg']);

export const outsideBranches = (descriptor: ParameterDescriptor): boolean =>
  descriptor.where !== undefined || READ_BEFORE_THE_CHAIN.has(descriptor.key);

export function checkBranchParameter(descriptor: ParameterDescriptor): void {
  if (outsideBranches(descriptor))
    throw invalid(
      `Parameter "${descriptor.key}" cannot be inside an if block: ` +
        (descriptor.where === 'layer' || descriptor.where === 'text'
          ? 'it is read from the layer itself'
          : 'the output is planned before the image is transformed; give it in a step of its own'),
    );
}

const NUMBER = '\\d{1,7}(?:\\.\\d{1,6})?';
const PLAIN = new RegExp(`^${NUMBER}$`);
/** `ar` and `iar` also take a fraction: `4-3`. */
const FRACTION = new RegExp(`^(${NUMBER})-(${NUMBER})$`);

const isProperty = (word: string): word is ConditionProperty =>
  (CONDITION_PROPERTIES as readonly string[]).includes(word);
const isOperator = (word: string): word is ComparisonOperator =>
  (COMPARISON_OPERATORS as readonly string[]).includes(word);

/** `if-<test>`: the start of a block, never its `if-else` or `if-end`. */
export const isConditionStart = (token: string): boolean =>
  token.startsWith(CONDITION_START) && token !== CONDITION_ELSE && token !== CONDITION_END;

const EXAMPLE = 'a condition such as ar_gt_1 or h_gte_100_and_w_lt_400';

function parseComparison(words: readonly string[], text: string): Comparison {
  const [property = '', operator = '', value = ''] = words;
  if (!isProperty(property))
    throw expected(`${EXAMPLE} (properties ${CONDITION_PROPERTIES.join(', ')})`, 'if', text);
  if (!isOperator(operator))
    throw expected(`${EXAMPLE} (operators ${COMPARISON_OPERATORS.join(', ')})`, 'if', text);
  if (PLAIN.test(value)) return { property, operator, numerator: Number(value), denominator: 1 };
  const fraction = FRACTION.exec(value);
  const ratio = property === 'ar' || property === 'iar';
  if (!ratio || !fraction || !(Number(fraction[2]) > 0))
    throw expected(`${EXAMPLE} with a positive number${ratio ? ' or a ratio such as 4-3' : ''}`, 'if', text);
  return { property, operator, numerator: Number(fraction[1]), denominator: Number(fraction[2]) };
}

/** Parses the test of `if-<test>` into groups of comparisons: OR over the groups, AND within one. */
export function parseConditionTest(text: string): Comparison[][] {
  if (text.length > MAX_CONDITION_LENGTH)
    throw expected(`${EXAMPLE} of at most ${MAX_CONDITION_LENGTH} characters`, 'if', text);
  const words = text.split('_');
  if (words.length % 4 !== 3) throw expected(EXAMPLE, 'if', text);
  const groups: Comparison[][] = [[]];
  for (let index = 0; index < words.length; index += 4) {
    (groups[groups.length - 1] as Comparison[]).push(parseComparison(words.slice(index, index + 3), text));
    const joiner = words[index + 3];
    if (joiner === 'or') groups.push([]);
    else if (joiner !== undefined && joiner !== 'and')
      throw expected(`${EXAMPLE} (comparisons joined by _and_ or _or_)`, 'if', text);
  }
  if (groups.flat().length > MAX_COMPARISONS)
    throw expected(`${EXAMPLE} with at most ${MAX_COMPARISONS} comparisons`, 'if', text);
  return groups;
}

const formatValue = ({ numerator, denominator }: Comparison): string =>
  denominator === 1 ? formatNumber(numerator) : `${formatNumber(numerator)}-${formatNumber(denominator)}`;

/** The canonical text of a test (without `if-`). */
export const formatConditionTest = (test: readonly Comparison[][]): string =>
  test
    .map((group) =>
      group
        .map((comparison) => `${comparison.property}_${comparison.operator}_${formatValue(comparison)}`)
        .join('_and_'),
    )
    .join('_or_');

/** The sizes a test reads: the image as the chain has left it, and the original. */
export interface ConditionSizes {
  current: { width: number; height: number };
  original: { width: number; height: number };
}

/** The property as a fraction `[top, bottom]`, so `ar_eq_4-3` compares exactly (cross-multiplied). */
function propertyFraction(property: ConditionProperty, sizes: ConditionSizes): [number, number] {
  const { current, original } = sizes;
  switch (property) {
    case 'w':
      return [current.width, 1];
    case 'h':
      return [current.height, 1];
    case 'ar':
      return [current.width, current.height];
    case 'iw':
      return [original.width, 1];
    case 'ih':
      return [original.height, 1];
    case 'iar':
      return [original.width, original.height];
  }
}

function holds(comparison: Comparison, sizes: ConditionSizes): boolean {
  const [top, bottom] = propertyFraction(comparison.property, sizes);
  const difference = top * comparison.denominator - comparison.numerator * bottom;
  switch (comparison.operator) {
    case 'eq':
      return difference === 0;
    case 'ne':
      return difference !== 0;
    case 'gt':
      return difference > 0;
    case 'gte':
      return difference >= 0;
    case 'lt':
      return difference < 0;
    case 'lte':
      return difference <= 0;
  }
}

/** Whether a test holds for these sizes. */
export const evaluateCondition = (test: readonly Comparison[][], sizes: ConditionSizes): boolean =>
  test.some((group) => group.every((comparison) => holds(comparison, sizes)));
