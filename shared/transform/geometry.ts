import { limit } from '../errors/image-error';
import { givenNumber, type Focus, type Padding, type Rgba, type TransformStep } from '../url/transform-spec';

export interface Size {
  width: number;
  height: number;
}

export interface Region extends Size {
  left: number;
  top: number;
}

/** Pixels added on each side (the same shape as a text layer's `pa`). */
export type { Padding };

/** Sharp's gravity names for ImageKit's focus values. */
export type Gravity =
  'centre' | 'north' | 'south' | 'east' | 'west' | 'northeast' | 'northwest' | 'southeast' | 'southwest';

/**
 * The concrete geometry of one step, in the order sharp runs it: extract from the input, resize,
 * crop the resized image, pad. `attentionCrop` asks sharp's saliency strategy for the crop instead.
 */
export interface GeometryPlan {
  extract?: Region;
  resize?: Size;
  attentionCrop?: Size;
  /** `extract` is to be centred on sharp's saliency focus, which needs the pixels: the renderer does it. */
  attentionExtract?: boolean;
  crop?: Region;
  pad?: Padding;
  output: Size;
}

const GRAVITY: Record<Exclude<Focus, 'auto' | 'custom' | 'face'>, Gravity> = {
  center: 'centre',
  top: 'north',
  bottom: 'south',
  left: 'west',
  right: 'east',
  top_left: 'northwest',
  top_right: 'northeast',
  bottom_left: 'southwest',
  bottom_right: 'southeast',
};

export const WHITE: Rgba = { r: 255, g: 255, b: 255, alpha: 1 };

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);
const px = (value: number) => Math.max(1, Math.round(value));

/** Where a `size` window sits inside `outer` for a gravity: 0 = start, 0.5 = centre, 1 = end. */
function gravityFractions(focus: Focus | undefined): { x: number; y: number } {
  // `face` is placed by `steps/face-focus.ts`; where it cannot crop (padding) it centres.
  const gravity =
    focus === undefined || focus === 'auto' || focus === 'custom' || focus === 'face'
      ? 'centre'
      : GRAVITY[focus];
  return {
    x: gravity.includes('west') ? 0 : gravity.includes('east') ? 1 : 0.5,
    y: gravity.includes('north') ? 0 : gravity.includes('south') ? 1 : 0.5,
  };
}

/** Top-left of a `window` inside `outer`, from x/y, xc/yc (scaled) or the focus gravity. */
function place(step: TransformStep, outer: Size, window: Size, scale: number): { left: number; top: number } {
  const fractions = gravityFractions(step.focus);
  const axis = (
    start: number | undefined,
    centre: number | undefined,
    fraction: number,
    outerSize: number,
    size: number,
  ) => {
    const wanted =
      start !== undefined
        ? start * scale
        : centre !== undefined
          ? centre * scale - size / 2
          : (outerSize - size) * fraction;
    return Math.round(clamp(wanted, 0, outerSize - size));
  };
  return {
    left: axis(step.x, step.xCenter, fractions.x, outer.width, window.width),
    top: axis(step.y, step.yCenter, fractions.y, outer.height, window.height),
  };
}

/** Target size from w/h (fractions of the input below 1), ar and dpr; undefined sides stay undefined. */
export function targetSize(step: TransformStep, input: Size): { width?: number; height?: number } {
  const resolve = (value: number | undefined, inputSize: number) =>
    value === undefined ? undefined : value < 1 ? value * inputSize : value;
  let width = resolve(givenNumber(step.width), input.width);
  let height = resolve(step.height, input.height);
  // As in ImageKit, `ar` completes one given side and is ignored when both are given.
  if (step.aspectRatio) {
    const ratio = step.aspectRatio.width / step.aspectRatio.height;
    if (height === undefined && width !== undefined) height = width / ratio;
    else if (width === undefined && height !== undefined) width = height * ratio;
  }
  const dpr = givenNumber(step.dpr) ?? 1;
  return {
    width: width === undefined ? undefined : px(width * dpr),
    height: height === undefined ? undefined : px(height * dpr),
  };
}

export function padAround(inner: Size, outer: Size, step: TransformStep): Padding {
  const fractions = gravityFractions(step.focus);
  const spareX = Math.max(0, outer.width - inner.width);
  const spareY = Math.max(0, outer.height - inner.height);
  const left = Math.round(spareX * fractions.x);
  const top = Math.round(spareY * fractions.y);
  return { left, right: spareX - left, top, bottom: spareY - top };
}

function extractPlan(step: TransformStep, input: Size, target: Size, padToTarget: boolean): GeometryPlan {
  const window = {
    width: Math.min(target.width, input.width),
    height: Math.min(target.height, input.height),
  };
  const extract = { ...place(step, input, window, 1), ...window };
  const attentionExtract = step.focus === 'auto' ? { attentionExtract: true } : {};
  if (!padToTarget) return { extract, output: window, ...attentionExtract };
  return { extract, pad: padAround(window, target, step), output: target, ...attentionExtract };
}

function coverPlan(step: TransformStep, input: Size, target: Size, enlarge: boolean): GeometryPlan {
  let scale = Math.max(target.width / input.width, target.height / input.height);
  if (!enlarge) scale = Math.min(scale, 1);
  const window = {
    width: Math.min(target.width, px(input.width * scale)),
    height: Math.min(target.height, px(input.height * scale)),
  };
  const resize = { width: px(input.width * scale), height: px(input.height * scale) };
  if (step.focus === 'auto') return { attentionCrop: window, resize, output: window };
  const crop = { ...place(step, resize, window, scale), ...window };
  return { resize, crop, output: window };
}

function insideSize(input: Size, target: Size, enlarge: boolean): Size {
  let scale = Math.min(target.width / input.width, target.height / input.height);
  if (!enlarge) scale = Math.min(scale, 1);
  return { width: px(input.width * scale), height: px(input.height * scale) };
}

/** The geometry of one step on an input of known size, following ImageKit's crop semantics. */
export function planGeometry(step: TransformStep, input: Size, maxOutput: Size): GeometryPlan {
  const target = targetSize(step, input);
  if ((target.width ?? 0) > maxOutput.width || (target.height ?? 0) > maxOutput.height) {
    throw limit(`The requested size exceeds the maximum of ${maxOutput.width}x${maxOutput.height} pixels`);
  }
  if (target.width === undefined && target.height === undefined) {
    // No size asked: the input's own size, scaled down to fit the output cap (an 8192x10000 original
    // would otherwise be encoded whole: ~700 MB and seconds per request).
    if (input.width <= maxOutput.width && input.height <= maxOutput.height) return { output: input };
    const fitted = insideSize(input, maxOutput, false);
    return { resize: fitted, output: fitted };
  }
  // One side given: the other follows the input's aspect ratio, for every strategy but `force`.
  const ratio = input.width / input.height;
  const full = {
    width: target.width ?? (step.crop === 'force' ? input.width : px((target.height ?? 0) * ratio)),
    height: target.height ?? (step.crop === 'force' ? input.height : px((target.width ?? 0) / ratio)),
  };
  const bothGiven = target.width !== undefined && target.height !== undefined;

  let plan: GeometryPlan;
  switch (step.cropMode) {
    case 'extract':
      return extractPlan(step, input, full, false);
    case 'pad_extract':
      return extractPlan(step, input, full, true);
    case 'pad_resize':
    case 'pad_resize_no_enlarge': {
      const inner = insideSize(input, full, step.cropMode === 'pad_resize');
      plan = { resize: inner, pad: padAround(inner, full, step), output: full };
      break;
    }
    default:
      switch (step.crop ?? 'maintain_ratio') {
        case 'force':
          plan = { resize: full, output: full };
          break;
        case 'at_max':
          plan = { resize: insideSize(input, full, false), output: insideSize(input, full, false) };
          break;
        case 'at_max_enlarge':
          plan = { resize: insideSize(input, full, true), output: insideSize(input, full, true) };
          break;
        case 'at_least': {
          const scale = Math.max(full.width / input.width, full.height / input.height);
          const size = { width: px(input.width * scale), height: px(input.height * scale) };
          plan = { resize: size, output: size };
          break;
        }
        case 'maintain_ratio_no_enlarge':
          plan = bothGiven
            ? coverPlan(step, input, full, false)
            : { resize: insideSize(input, full, false), output: insideSize(input, full, false) };
          break;
        case 'maintain_ratio':
          plan = bothGiven ? coverPlan(step, input, full, true) : { resize: full, output: full };
          break;
      }
  }
  // The output is capped per side; an intermediate cover resize may be wider or taller than the
  // output, so it is only held to the larger of the two caps.
  const outputTooLarge = plan.output.width > maxOutput.width || plan.output.height > maxOutput.height;
  const resizeTooLarge =
    Math.max(plan.resize?.width ?? 0, plan.resize?.height ?? 0) > Math.max(maxOutput.width, maxOutput.height);
  if (outputTooLarge || resizeTooLarge) {
    throw limit(`The result would exceed the maximum of ${maxOutput.width}x${maxOutput.height} pixels`);
  }
  return plan;
}

/** Size of the bounding box after rotating by `degrees`. */
export function rotatedSize(size: Size, degrees: number): Size {
  const radians = (Math.abs(degrees) % 180) * (Math.PI / 180);
  const cos = Math.abs(Math.cos(radians));
  const sin = Math.abs(Math.sin(radians));
  return {
    width: Math.round(size.width * cos + size.height * sin),
    height: Math.round(size.width * sin + size.height * cos),
  };
}
