// Browser-safe: the playground bundles the writers to show one request in every dialect.
import { parameterText } from '../../chain';
import { formatColour } from '../../colours';
import { CONDITION_START, formatConditionTest } from '../../conditions';
import { PARAMETERS } from '../../parameters';
import type {
  Background,
  BlurredBackground,
  RequestedFormat,
  Rgba,
  TransformField,
  TransformStep,
} from '../../transform-spec';
import type { DialectName } from '../names';

/**
 * A request written in a foreign dialect: the URL after the endpoint segment, or the ImageKit
 * parameters (`rt-45`, `e-shadow`) the dialect cannot say, so nothing is silently dropped.
 */
export type WrittenUrl = { text: string } | { unsupported: string[] };

export interface DialectWriter {
  readonly name: DialectName;
  /**
   * `steps` on the file at `path` (unencoded, `/`-separated), as the text after `/<endpoint>` that the
   * dialect's own parser reads back into the same steps. The steps' defaults are the dialect's: no
   * format keeps the source format (an endpoint's `autoFormat` applies to ImageKit URLs only).
   */
  write(steps: readonly TransformStep[], path: string): WrittenUrl;
}

export const writtenOrUnsupported = (text: string, unsupported: readonly string[]): WrittenUrl =>
  unsupported.length > 0 ? { unsupported: [...new Set(unsupported)] } : { text };

/** Each path segment encoded once, as the dialects' parsers decode it. */
export const encodePath = (path: string): string =>
  path
    .split('/')
    .filter((segment) => segment !== '')
    .map(encodeURIComponent)
    .join('/');

const NOTHING: ReadonlySet<TransformField> = new Set();

/** The ImageKit text of each field of `step` not in `done`: what a writer left unsaid. */
export function unsaid(step: TransformStep, done: ReadonlySet<TransformField> = NOTHING): string[] {
  const parameters = PARAMETERS.filter((descriptor) => !done.has(descriptor.field)).flatMap(
    (descriptor) => parameterText(step, descriptor) ?? [],
  );
  const layers = done.has('layers') ? [] : (step.layers ?? []).map((layer) => `l-${layer.type}`);
  const condition =
    step.condition === undefined ? [] : [`${CONDITION_START}${formatConditionTest(step.condition.test)}`];
  return [...parameters, ...layers, ...condition];
}

/**
 * The request's output format (the last step's that sets one: output options apply to the final
 * image) and the steps without it, empty ones dropped: dialects write the format once.
 */
export function splitFormat(steps: readonly TransformStep[]): {
  format: RequestedFormat | undefined;
  steps: TransformStep[];
} {
  const format = steps.findLast((step) => step.format !== undefined)?.format;
  const rest = steps
    .map(({ format: _format, ...step }) => step)
    .filter((step) => givenFields(step).length > 0);
  return { format, steps: rest };
}

/** The fields a step gives a value (expressions, layers and conditions included). */
export const givenFields = (step: TransformStep): TransformField[] =>
  (Object.keys(step) as TransformField[]).filter((field) => step[field] !== undefined);

/** Whether the step gives exactly these fields. */
export function givesOnly(step: TransformStep, fields: readonly TransformField[]): boolean {
  const given = givenFields(step);
  return given.length === fields.length && fields.every((field) => given.includes(field));
}

/** Whole pixels, as Thumbor and imgix's `rect` write sizes and offsets. */
export const wholePixels = (value: number | 'auto' | undefined, min: number): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= 999_999
    ? value
    : undefined;

/** A step that only extracts a region given in whole pixels (`cm-extract,x-10,y-20,w-100,h-50`). */
export const isPixelExtract = (step: TransformStep): boolean =>
  givesOnly(step, ['cropMode', 'x', 'y', 'width', 'height']) &&
  step.cropMode === 'extract' &&
  wholePixels(step.x, 0) !== undefined &&
  wholePixels(step.y, 0) !== undefined &&
  wholePixels(step.width, 1) !== undefined &&
  wholePixels(step.height, 1) !== undefined;

/** `bg-blurred` with its defaults: what imgix's `fill=blur` and Thumbor's `fill(blur)` read as. */
export const isDefaultBlur = (background: Background | undefined): background is BlurredBackground =>
  typeof background === 'object' &&
  'intensity' in background &&
  background.intensity === 'auto' &&
  background.brightness === 0;

/** `RRGGBB` and, when not opaque, the alpha as two hex digits: how imgix and Cloudinary spell colours. */
export function hexColour(colour: Rgba): { rgb: string; alpha: string | undefined } {
  const rgb = formatColour({ ...colour, alpha: 1 });
  if (colour.alpha >= 1) return { rgb, alpha: undefined };
  return {
    rgb,
    alpha: Math.round(colour.alpha * 255)
      .toString(16)
      .padStart(2, '0')
      .toUpperCase(),
  };
}

/** A vendor's value table turned around: canonical value to the first vendor name for it. */
export function invert<V>(table: Readonly<Record<string, V>>): ReadonlyMap<V, string> {
  const inverted = new Map<V, string>();
  for (const [name, value] of Object.entries(table)) if (!inverted.has(value)) inverted.set(value, name);
  return inverted;
}
