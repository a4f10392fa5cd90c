import type { TransformStep } from '../url/transform-spec';
import { fitAllowedWidth, type WidthRule } from './allowed-widths';
import { planGeometry, type Size } from './geometry';
import type { OutputPlan } from './output-plan';
import { resolveStep } from './resolve-step';
import { shrinkLevelFor, type ShrinkLevel } from './decoded-cache';
import type { SourceInfo } from './source-info';

/**
 * The only keys a step may use to start from a kept decode: a resize to explicit dimensions (then a
 * crop or pad in output pixels) and the encoder's settings. Everything else either reads source pixel
 * coordinates (extract, trim, x/y, faces, saliency) or source metadata (EXIF, ICC), which raw pixels lack.
 */
const RESIZE_ONLY_KEYS: ReadonlySet<keyof TransformStep> = new Set([
  'width',
  'height',
  'aspectRatio',
  'crop',
  'focus',
  'dpr',
  'quality',
  'format',
  'background',
  'progressive',
  'lossless',
  'named',
  'defaultImage',
] as const);

/** Focus values whose crop is placed in the resized image's own pixels. */
const PLACED_AFTER_RESIZE = new Set([
  'center',
  'top',
  'left',
  'bottom',
  'right',
  'top_left',
  'top_right',
  'bottom_left',
  'bottom_right',
]);

export interface DecodedPathInput {
  source: SourceInfo;
  steps: readonly TransformStep[];
  output: OutputPlan;
  maxOutput: Size;
  widths?: WidthRule;
}

const resizeOnly = (step: TransformStep): boolean =>
  (Object.keys(step) as (keyof TransformStep)[]).every(
    (key) => step[key] === undefined || RESIZE_ONLY_KEYS.has(key),
  ) &&
  (step.focus === undefined || PLACED_AFTER_RESIZE.has(step.focus));

/**
 * The shrink level a render can start from instead of decoding the original, or undefined when it
 * must decode: a still, profile-less sRGB JPEG, one resize-only step, no metadata kept. The chain then
 * runs as planned on the original's size (resizes name explicit dimensions), so the output has the
 * same size as the direct path's and differs only by one more resampling (SSIM >= 0.995, tested).
 */
export function decodedPathLevel(input: DecodedPathInput): ShrinkLevel | undefined {
  const { source, output } = input;
  if (source.format !== 'jpeg' || source.frames > 1 || source.hasIccProfile || source.hasAlpha)
    return undefined;
  if (output.keepMetadata || output.keepColorProfile || output.animated) return undefined;
  const [only, ...more] = input.steps;
  if (only === undefined || more.length > 0 || !resizeOnly(only)) return undefined;
  const size: Size = { width: source.width, height: source.height };
  const resolved = resolveStep(only, { current: size, original: size, parent: undefined });
  const [step] = resolved;
  if (step === undefined || resolved.length > 1) return undefined;
  try {
    const plan = planGeometry(
      fitAllowedWidth(step, size, input.maxOutput, input.widths),
      size,
      input.maxOutput,
    );
    if (plan.resize === undefined || plan.extract || plan.attentionCrop || plan.attentionExtract)
      return undefined;
    return shrinkLevelFor(size, plan.resize);
  } catch {
    // A refused size is the direct path's to report, with its own message.
    return undefined;
  }
}
