import type { Sharp } from 'sharp';
import { solidColour, type TransformStep } from '../../url/transform-spec';
import type { Size } from '../geometry';
import { addBorder } from './add-border';
import { castShadow } from './cast-shadow';
import { overlayGradient } from './overlay-gradient';
import { roundCorners } from './round-corners';
import { blendOnto, setOpacity } from './set-opacity';

/** One decoration: composites onto the step's finished pixels, and may grow them. */
export interface Decoration {
  /** The URL key, for messages. */
  key: string;
  apply(image: Sharp, size: Size): { image: Sharp; size: Size } | Promise<{ image: Sharp; size: Size }>;
}

/**
 * The decorations a step asks for, in the order they apply: after geometry and per-pixel effects
 * (ImageKit applies `r` after resizing); the gradient first, over the image's own pixels; the border
 * before the radius, so rounded corners round it too; the shadow next, cast by the rounded shape;
 * opacity last, so it fades the whole result.
 */
export function decorationsOf(step: TransformStep, maxOutput: Size): Decoration[] {
  const decorations: Decoration[] = [];
  const { border, radius, shadow, opacity, gradient } = step;
  const background = solidColour(step.background);
  if (gradient !== undefined) {
    decorations.push({
      key: 'e-gradient',
      apply: (image, size) => ({ image: overlayGradient(image, size, gradient), size }),
    });
  }
  if (border !== undefined) {
    decorations.push({ key: 'b', apply: (image, size) => addBorder(image, size, border, maxOutput) });
  }
  if (radius !== undefined) {
    decorations.push({
      key: 'r',
      apply: (image, size) => ({ image: roundCorners(image, size, radius), size }),
    });
  }
  if (shadow !== undefined) {
    decorations.push({
      key: 'e-shadow',
      apply: async (image, size) => ({ image: await castShadow(image, size, shadow), size }),
    });
  }
  if (opacity !== undefined && opacity < 100) {
    decorations.push({
      key: 'o',
      apply: (image, size) => ({ image: setOpacity(image, size, opacity), size }),
    });
  }
  if (opacity !== undefined && background !== undefined) {
    decorations.push({ key: 'o', apply: (image, size) => ({ image: blendOnto(image, background), size }) });
  }
  return decorations;
}
