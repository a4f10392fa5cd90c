import { invalid } from '../errors/image-error';
import { PARAMETERS, PARAMETERS_BY_KEY_LENGTH, type ParameterDescriptor } from './parameters';
import { solidColour, type TransformStep } from './transform-spec';

export const MAX_CHAIN_LENGTH = 1024;
export const MAX_STEPS = 10;

function matchToken(token: string): { descriptor: ParameterDescriptor; value: string | undefined } {
  for (const descriptor of PARAMETERS_BY_KEY_LENGTH) {
    if (token === descriptor.key) return { descriptor, value: undefined };
    if (token.startsWith(`${descriptor.key}-`))
      return { descriptor, value: token.slice(descriptor.key.length + 1) };
  }
  throw invalid(`Unknown transformation parameter "${token.slice(0, 40)}"`);
}

function checkStep(step: TransformStep): void {
  const coordinates = [step.x, step.y, step.xCenter, step.yCenter];
  if (step.focus === 'custom' && coordinates.every((value) => value === undefined)) {
    throw invalid('Parameter "fo-custom" needs "x"/"y" or "xc"/"yc"');
  }
  if (step.x !== undefined && step.xCenter !== undefined)
    throw invalid('Parameters "x" and "xc" exclude each other');
  if (step.y !== undefined && step.yCenter !== undefined)
    throw invalid('Parameters "y" and "yc" exclude each other');
  // ImageKit: a blurred or dominant-colour background only fills the padding of cm-pad_resize.
  const padded = step.cropMode === 'pad_resize' || step.cropMode === 'pad_resize_no_enlarge';
  if (step.background !== undefined && solidColour(step.background) === undefined && !padded)
    throw invalid('Parameter "bg" with blurred or dominant needs "cm-pad_resize"');
  // Both are one sharpening pass; the second would silently replace the first.
  if (step.sharpen !== undefined && step.unsharpMask !== undefined)
    throw invalid('Parameters "e-sharpen" and "e-usm" exclude each other');
}

/** Parses one step (`w-400,h-300`); a repeated or unknown parameter is an error naming it. */
export function parseStep(text: string): TransformStep {
  const step: Record<string, unknown> = Object.create(null);
  for (const token of text.split(',')) {
    if (token === '') continue;
    const { descriptor, value } = matchToken(token);
    if (step[descriptor.field] !== undefined) throw invalid(`Parameter "${descriptor.key}" is given twice`);
    step[descriptor.field] = descriptor.parse(value, descriptor.key);
  }
  const typed = step as TransformStep;
  checkStep(typed);
  return typed;
}

/** Parses a chain (`w-400,h-300:rt-90`): steps separated by `:`, applied in order. */
export function parseChain(text: string): TransformStep[] {
  if (text.length > MAX_CHAIN_LENGTH)
    throw invalid(`The transformation is longer than ${MAX_CHAIN_LENGTH} characters`);
  const steps = text
    .split(':')
    .map(parseStep)
    .filter((step) => Object.keys(step).length > 0);
  if (steps.length > MAX_STEPS) throw invalid(`A transformation may chain at most ${MAX_STEPS} steps`);
  return steps;
}

function serializeStep(step: TransformStep): string {
  return PARAMETERS.flatMap((descriptor) => {
    const value = step[descriptor.field];
    if (value === undefined) return [];
    const text = descriptor.format(value as never);
    return [text === undefined ? descriptor.key : `${descriptor.key}-${text}`];
  }).join(',');
}

/** The canonical text of a chain: table order within a step, canonical values. Used for cache keys, logs and signatures. */
export const serializeChain = (steps: readonly TransformStep[]): string => steps.map(serializeStep).join(':');
