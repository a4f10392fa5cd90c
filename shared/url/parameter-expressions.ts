import { ImageError, invalid } from '../errors/image-error';
import { outsideBranches } from './conditions';
import {
  evaluateExpression,
  formatExpression,
  looksLikeExpression,
  parseExpression,
  variablesOf,
} from './expressions';
import type { ExpressionValues } from './expressions';
import { PARAMETERS, type ParameterDescriptor } from './parameters';
import {
  CANVAS_INPUT,
  type Layer,
  type ParameterExpression,
  type TransformField,
  type TransformStep,
} from './transform-spec';

/**
 * Parameter values given as arithmetic expressions: parsed into `step.expressions` (the numeric field
 * stays unset), written back canonically, and computed just before the step runs by the row's own
 * `parse`, so a computed value meets the same bounds as a written one.
 */

const BASE_VARIABLES = new Set(['bw', 'bh', 'bar']);

/** A parameter's value: a plain value, or an expression for rows that take one. */
export type ParsedValue =
  { value: NonNullable<TransformStep[TransformField]> } | { expression: ParameterExpression };

/** Parses a parameter's value; `inLayer` because `bw`/`bh`/`bar` only mean something inside a layer. */
export function parseParameterValue(
  descriptor: ParameterDescriptor,
  value: string | undefined,
  inLayer: boolean,
): ParsedValue {
  const support = descriptor.expression;
  if (support === undefined || value === undefined) return { value: descriptor.parse(value, descriptor.key) };
  const { expression: text, suffix } = support.split?.(value, descriptor.key) ?? {
    expression: value,
    suffix: '',
  };
  // `auto` is a keyword (`w-auto` reads a client hint), never an expression.
  if (text === 'auto' || !looksLikeExpression(text))
    return { value: descriptor.parse(value, descriptor.key) };
  const expression = parseExpression(text, descriptor.key);
  const base = variablesOf(expression).find((variable) => BASE_VARIABLES.has(variable));
  if (base !== undefined && !inLayer)
    throw invalid(`Variable "${base}" of parameter "${descriptor.key}" can only be used inside a layer`);
  return { expression: suffix ? { expression, suffix } : { expression } };
}

const descriptorOf = (field: TransformField): ParameterDescriptor | undefined =>
  PARAMETERS.find((descriptor) => descriptor.field === field);

/** The canonical value text of an expression (`iw_div_2`, `ch_mod_5_FFFF00`). */
export const formatParameterExpression = (value: ParameterExpression): string =>
  `${formatExpression(value.expression)}${value.suffix ?? ''}`;

/** Computes one expression and parses the result as the row would parse it written out. */
function computeField(field: TransformField, value: ParameterExpression, values: ExpressionValues): unknown {
  const descriptor = descriptorOf(field);
  if (descriptor?.expression === undefined) throw invalid(`Parameter field "${field}" takes no expression`);
  const number = evaluateExpression(value.expression, values, descriptor.key);
  try {
    return descriptor.parse(`${descriptor.expression.text(number)}${value.suffix ?? ''}`, descriptor.key);
  } catch (error) {
    if (!(error instanceof ImageError)) throw error;
    throw invalid(`${error.message}, computed from "${formatParameterExpression(value)}"`, { cause: error });
  }
}

/**
 * The step with the expressions of `fields` (all when absent) computed into their fields; the rest of
 * `expressions` is kept for whoever resolves it later (layer placement).
 */
export function computeExpressions(
  step: TransformStep,
  values: ExpressionValues,
  fields?: readonly TransformField[],
): TransformStep {
  if (step.expressions === undefined) return step;
  const { expressions, ...rest } = step;
  const resolved: Record<string, unknown> = { ...rest };
  const left: Record<string, ParameterExpression> = {};
  for (const [field, value] of Object.entries(expressions) as Array<[TransformField, ParameterExpression]>) {
    if (fields === undefined || fields.includes(field)) resolved[field] = computeField(field, value, values);
    else left[field] = value;
  }
  if (Object.keys(left).length > 0) resolved.expressions = left;
  return resolved as TransformStep;
}

/** Layer-level expressions (`lx`, `fs`, ...) move to the layer's first step, as `checkLayer` does for values. */
function gatherLayerLevel(layer: Layer): void {
  const [first, ...rest] = layer.steps;
  if (first === undefined) return;
  for (const step of rest) {
    for (const [field, value] of Object.entries(step.expressions ?? {}) as Array<
      [TransformField, ParameterExpression]
    >) {
      const where = descriptorOf(field)?.where;
      if (where !== 'layer' && where !== 'text') continue;
      if (first[field] !== undefined || first.expressions?.[field] !== undefined)
        throw invalid(`A layer gives its "${field}" twice`);
      first.expressions = { ...first.expressions, [field]: value };
      delete step.expressions?.[field];
    }
    if (step.expressions !== undefined && Object.keys(step.expressions).length === 0) delete step.expressions;
  }
  layer.steps = [first, ...rest.filter((step) => Object.keys(step).length > 0)];
}

/**
 * Settles a closed layer's expressions: layer-level ones move to its first step, and ImageKit's rule
 * "only the bw, bh and bar expression variables are allowed inside text layers and solid image layers"
 * (they have no image of their own to measure) is checked.
 */
export function checkLayerExpressions(layer: Layer): void {
  gatherLayerLevel(layer);
  const [first] = layer.steps;
  // The first step carries the layer's input and placement, which a block (holding nothing else) cannot.
  if (first?.condition !== undefined)
    throw invalid(
      `Layer "l-${layer.type}" starts with its input ("i-"), not an if block: put the block after ":"`,
    );
  const measured = layer.type === 'image' && first?.layerInput !== CANVAS_INPUT;
  if (measured) return;
  for (const step of layer.steps) {
    for (const [field, value] of Object.entries(step.expressions ?? {})) {
      const other = variablesOf(value.expression).find((variable) => !BASE_VARIABLES.has(variable));
      if (other !== undefined)
        throw invalid(
          `Variable "${other}" of parameter "${descriptorOf(field as TransformField)?.key ?? field}" is not available ` +
            `in ${layer.type === 'text' ? 'text' : 'ik_canvas'} layers: only bw, bh and bar`,
        );
    }
  }
}

/**
 * `base` refined by `refinement` (parameters given beside `n-`): the refinement wins field by field,
 * whether either gives the field as a value or as an expression. An if block holds nothing else, so
 * the last step of each of its branches is refined instead (`dpr-2` then scales what either sets).
 */
export function refineStep(base: TransformStep, refinement: TransformStep): TransformStep[] {
  if (Object.keys(refinement).length === 0) return [base];
  if (base.condition !== undefined) {
    const { test, then, else: otherwise } = base.condition;
    // What a branch may not hold (`f`, `q`, ...) follows the block as a step of its own.
    const inside: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(refinement)) {
      const descriptor = descriptorOf(field as TransformField);
      (descriptor !== undefined && outsideBranches(descriptor) ? after : inside)[field] = value;
    }
    const block: TransformStep = {
      condition: { test, then: refineChain(then, inside), else: refineChain(otherwise, inside) },
    };
    return Object.keys(after).length > 0 ? [block, after as TransformStep] : [block];
  }
  const merged: Record<string, unknown> = { ...base, ...refinement };
  const expressions: Record<string, ParameterExpression> = { ...base.expressions, ...refinement.expressions };
  for (const field of Object.keys(refinement) as TransformField[]) {
    if (field !== 'expressions') delete expressions[field];
  }
  for (const field of Object.keys(refinement.expressions ?? {})) delete merged[field];
  if (Object.keys(expressions).length > 0) merged.expressions = expressions;
  else delete merged.expressions;
  return [merged as TransformStep];
}

const refineChain = (steps: readonly TransformStep[], refinement: TransformStep): TransformStep[] => [
  ...steps.slice(0, -1),
  ...refineStep(steps[steps.length - 1] ?? {}, refinement),
];
