import { serializeChain } from '../../chain';
import type { TransformStep } from '../../transform-spec';

/**
 * A dialect that reads a fixed order of steps (Thumbor: trim, crop, resize, rotate; imgix: rect,
 * orient, the rest), one of them the main step that holds everything else.
 */
export interface StepSlots<S extends string> {
  /** The slots in the order the dialect's parser yields their steps. */
  readonly order: readonly S[];
  readonly main: S;
  /** Whether the step is what a slot other than the main one holds, exactly. */
  fits(slot: S, step: TransformStep): boolean;
  /** Whether the main slot can write every field of the step. */
  writesWhole(step: TransformStep): boolean;
}

export interface Placement<S extends string> {
  steps: Partial<Record<S, TransformStep>>;
  /** Steps no free slot takes, as `"<chain>" as step <n>`. */
  unplaced: string[];
}

/**
 * Each step into the first free slot after the last one taken: its own slot where it fits one, else
 * the main slot. The last step prefers the main slot when that writes it whole (`fl-h` reads as imgix's
 * `flip=h`, not `or=2`).
 */
export function placeSteps<S extends string>(
  steps: readonly TransformStep[],
  slots: StepSlots<S>,
): Placement<S> {
  const placement: Placement<S> = { steps: {}, unplaced: [] };
  const mainAt = slots.order.indexOf(slots.main);
  let next = 0;
  steps.forEach((step, index) => {
    const mainFree = mainAt >= next;
    const own = slots.order.findIndex(
      (slot, at) => at >= next && slot !== slots.main && slots.fits(slot, step),
    );
    const last = index === steps.length - 1;
    const at = (last && mainFree && slots.writesWhole(step)) || own < 0 ? (mainFree ? mainAt : -1) : own;
    const slot = slots.order[at];
    if (slot === undefined) placement.unplaced.push(`"${serializeChain([step])}" as step ${index + 1}`);
    else {
      placement.steps[slot] = step;
      next = at + 1;
    }
  });
  return placement;
}
