import { ImageError, limit } from '../errors/image-error';
import type { EndpointSettings } from '../registry/endpoint-schema';
import { givenNumber, type TransformStep } from '../url/transform-spec';
import { planGeometry, targetSize, type Size } from './geometry';

/** `settings.allowedWidths` with its policy: the only pixel widths a resized output may have. */
export interface WidthRule {
  /** Ascending, without duplicates. */
  widths: readonly number[];
  policy: 'round-up' | 'reject';
}

/** The endpoint's rule, or undefined when any width is allowed. */
export function widthRuleOf(
  settings: Pick<EndpointSettings, 'allowedWidths' | 'widthPolicy'>,
): WidthRule | undefined {
  const { allowedWidths, widthPolicy } = settings;
  if (allowedWidths === undefined) return undefined;
  return { widths: [...new Set(allowedWidths)].sort((a, b) => a - b), policy: widthPolicy };
}

/** Whether a step asks for a size (only those are rounded: an unsized output is the original's own width). */
export const setsSize = (step: TransformStep): boolean =>
  givenNumber(step.width) !== undefined ||
  step.height !== undefined ||
  (step.condition !== undefined && [...step.condition.then, ...step.condition.else].some(setsSize));

/** The next allowed width at or above `width`, the largest when beyond them all. */
export const roundedUpWidth = (width: number, rule: WidthRule): number =>
  rule.widths.find((allowed) => allowed >= width) ?? rule.widths.at(-1) ?? width;

const refusal = (width: number, rule: WidthRule) =>
  limit(`Width ${width} is not allowed on this endpoint; allowed widths: ${rule.widths.join(', ')}`);

/** The planned output size, or undefined when it would exceed the endpoint's maximum. */
function outputOf(step: TransformStep, input: Size, maxOutput: Size): Size | undefined {
  try {
    return planGeometry(step, input, maxOutput).output;
  } catch (error) {
    if (error instanceof ImageError && error.code === 'ELIMIT') return undefined;
    throw error;
  }
}

/** Rounding compounds with pixel rounding, so the scale is re-applied a few times until it lands. */
const ATTEMPTS = 3;

/**
 * The step, rewritten in absolute pixels (dpr applied) so that its output width is `wanted`, or
 * undefined when its crop mode cannot reach it (a no-enlarge mode held to the input's size).
 */
function stepWithWidth(step: TransformStep, input: Size, maxOutput: Size, wanted: number) {
  let candidate = step;
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const output = outputOf(candidate, input, maxOutput);
    if (output === undefined) return undefined;
    if (output.width === wanted) return candidate;
    const target = targetSize(candidate, input);
    const scale = wanted / output.width;
    const scaled = (side: number | undefined) => (side === undefined ? undefined : Math.max(1, side * scale));
    // Height-only steps take the width instead, so the height follows the input's ratio exactly.
    const height = target.width === undefined && step.crop !== 'force' ? undefined : scaled(target.height);
    candidate = {
      ...step,
      width: target.width === undefined ? wanted : scaled(target.width),
      height,
      dpr: undefined,
      aspectRatio: undefined,
    };
  }
  return outputOf(candidate, input, maxOutput)?.width === wanted ? candidate : undefined;
}

/**
 * Holds a sizing step's output width to the endpoint's allowed widths: `round-up` takes the next allowed
 * width at or above the planned one (the largest when beyond all), falling back to the largest below
 * when the crop mode will not enlarge that far; `reject` answers 400 `ELIMIT`. Applied to the last
 * sizing step of a chain, after `dpr` and client hints, so the output's pixel width is an allowed one.
 */
export function fitAllowedWidth(
  step: TransformStep,
  input: Size,
  maxOutput: Size,
  rule: WidthRule | undefined,
): TransformStep {
  if (rule === undefined || !setsSize(step)) return step;
  const planned = planGeometry(step, input, maxOutput).output.width;
  if (rule.widths.includes(planned)) return step;
  if (rule.policy === 'reject') throw refusal(planned, rule);
  const above = roundedUpWidth(planned, rule);
  const below = rule.widths.findLast((width) => width < planned);
  for (const wanted of [above, below]) {
    const fitted = wanted === undefined ? undefined : stepWithWidth(step, input, maxOutput, wanted);
    if (fitted) return fitted;
  }
  throw refusal(planned, rule);
}
