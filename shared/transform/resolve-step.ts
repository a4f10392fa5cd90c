import { evaluateCondition } from '../url/conditions';
import type { ExpressionValues } from '../url/expressions';
import { computeExpressions } from '../url/parameter-expressions';
import type { TransformStep } from '../url/transform-spec';
import type { Size } from './geometry';

/** What a step may refer to when it is about to run. */
export interface StepContext {
  /** The image as the previous step left it. */
  current: Size;
  /** The original, untransformed image (inside a layer: the layer's own input). */
  original: Size;
  /** Inside a layer, the image the layer is placed on. */
  parent: Size | undefined;
}

/** Expression variables from the sizes at hand; `b*` only inside a layer (refused elsewhere at parse time). */
export function expressionValues(context: StepContext): ExpressionValues {
  const { current, original, parent } = context;
  return {
    iw: original.width,
    ih: original.height,
    iar: original.width / original.height,
    cw: current.width,
    ch: current.height,
    car: current.width / current.height,
    ...(parent && { bw: parent.width, bh: parent.height, bar: parent.width / parent.height }),
  };
}

/**
 * The steps to run for one step of a chain, decided just before it runs, when the current size is
 * known: conditional blocks and expressions resolve here. The first step returned is ready to run;
 * the render resolves the others when their turn comes, against the size they will then see.
 *
 * Layer-level expressions (`lx`, `ly`, `fs`, `pa`) are computed here too; the layer compositor resolves
 * a layer's first step again once the layer has run, so `lx`/`ly` see its final size as ImageKit says.
 */
export function resolveStep(step: TransformStep, context: StepContext): TransformStep[] {
  if (step.condition === undefined) return [computeExpressions(step, expressionValues(context))];
  const { test, then, else: otherwise } = step.condition;
  const [first, ...rest] = evaluateCondition(test, context) ? then : otherwise;
  // An empty branch still runs an empty step, so the output cap applies as for an empty chain.
  if (first === undefined) return [{}];
  return [...resolveStep(first, context), ...rest];
}
