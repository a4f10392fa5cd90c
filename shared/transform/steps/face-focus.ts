import type { Sharp } from 'sharp';
import type { FaceDetector } from '../../faces/face-detector';
import { FACE_DETECTION_OFF } from '../../faces/face-policy';
import { invalid, limit } from '../../errors/image-error';
import type { TransformStep } from '../../url/transform-spec';
import { padAround, planGeometry, targetSize, type GeometryPlan, type Region, type Size } from '../geometry';
import { placeByAttention } from './attention-extract';
import { facesIn } from './find-faces';

/** What placing a step's geometry needs from the chain it runs in. */
export interface PlacementContext {
  maxOutput: Size;
  /** Frames of an animated image (1 for still ones). */
  frames: number;
  /** Absent when the endpoint has not turned face detection on. */
  detectFaces?: FaceDetector;
  /** The request's budget: a detection still running when it ends is aborted. */
  deadline?: { signal: AbortSignal };
}

const px = (value: number) => Math.max(1, Math.round(value));
/** Start of a `length` window centred on `centre`, kept inside `outer`. */
const centredStart = (centre: number, length: number, outer: number) =>
  Math.round(Math.min(Math.max(centre - length / 2, 0), outer - length));

/** ImageKit crops around faces for its cropping strategies; padding and resize-only ones have no crop to move. */
function cropsAroundFaces(step: TransformStep): boolean {
  if (step.cropMode === 'extract' || step.cropMode === 'pad_extract') return true;
  const crop = step.crop ?? 'maintain_ratio';
  return step.cropMode === undefined && (crop === 'maintain_ratio' || crop === 'maintain_ratio_no_enlarge');
}

/**
 * `cm-extract`/`cm-pad_extract` with `fo-face`: the extract window, `z` times smaller (closer), centred
 * on the faces and scaled back by `z`; `cm-pad_extract` pads the rest as without faces.
 */
function extractAround(step: TransformStep, input: Size, faces: Region, full: Size): GeometryPlan {
  const zoom = step.zoom ?? 1;
  const window = {
    width: Math.min(px(full.width / zoom), input.width),
    height: Math.min(px(full.height / zoom), input.height),
  };
  const extract = {
    left: centredStart(faces.left + faces.width / 2, window.width, input.width),
    top: centredStart(faces.top + faces.height / 2, window.height, input.height),
    ...window,
  };
  const scaled = {
    width: Math.min(px(window.width * zoom), full.width),
    height: Math.min(px(window.height * zoom), full.height),
  };
  const resize = zoom === 1 ? {} : { resize: scaled };
  if (step.cropMode !== 'pad_extract') return { extract, ...resize, output: scaled };
  return { extract, ...resize, pad: padAround(scaled, full, step), output: full };
}

/**
 * Maintain-ratio crops with `fo-face`: the smallest region holding every face in the shape the crop
 * would have without faces (so `w`/`h`/`ar` and the no-enlarge variant size the output exactly as
 * they do anyway), `z` times smaller, kept inside the image and resized to that output. Without `w`
 * or `h` the region is the faces' own box, at its own size.
 */
function cropAround(step: TransformStep, input: Size, faces: Region, planned: GeometryPlan): GeometryPlan {
  const zoom = step.zoom ?? 1;
  const target = targetSize(step, input);
  const sized = target.width !== undefined || target.height !== undefined;
  const aspect = sized ? planned.output.width / planned.output.height : faces.width / faces.height;
  let width = Math.max(faces.width, faces.height * aspect) / zoom;
  let height = width / aspect;
  const fit = Math.min(1, input.width / width, input.height / height);
  width = Math.min(px(width * fit), input.width);
  height = Math.min(px(height * fit), input.height);
  const extract = {
    left: centredStart(faces.left + faces.width / 2, width, input.width),
    top: centredStart(faces.top + faces.height / 2, height, input.height),
    width,
    height,
  };
  const enlarges = planned.output.width > width;
  const output =
    !sized || (enlarges && step.crop === 'maintain_ratio_no_enlarge') ? { width, height } : planned.output;
  const same = output.width === width && output.height === height;
  return same ? { extract, output } : { extract, resize: output, output };
}

/** The pixel box around every face found (ratios of the image scaled to its size). */
function unionOf(
  faces: readonly { left: number; top: number; width: number; height: number }[],
  size: Size,
): Region {
  const left = Math.min(...faces.map((face) => face.left));
  const top = Math.min(...faces.map((face) => face.top));
  const right = Math.max(...faces.map((face) => face.left + face.width));
  const bottom = Math.max(...faces.map((face) => face.top + face.height));
  return {
    left: left * size.width,
    top: top * size.height,
    width: Math.max((right - left) * size.width, 1),
    height: Math.max((bottom - top) * size.height, 1),
  };
}

/**
 * The geometry of a step on the image as it is now: `fo-face` crops around the faces detected in these
 * pixels (so it works after earlier steps), `fo-auto` by saliency, anything else as planned. With no
 * face found, `fo-face` crops from the centre.
 */
export async function placeGeometry(
  image: Sharp,
  size: Size,
  step: TransformStep,
  context: PlacementContext,
): Promise<GeometryPlan> {
  const planned = planGeometry(step, size, context.maxOutput);
  if (step.focus !== 'face') return placeByAttention(image, size, planned);
  if (context.detectFaces === undefined) throw invalid(FACE_DETECTION_OFF);
  if (context.frames > 1) throw invalid('Parameter "fo-face" is not supported for animated images');
  if (!cropsAroundFaces(step)) return planned;
  const found = await facesIn(image, size, context.detectFaces, context.deadline?.signal);
  if (found.length === 0) return planned;
  const faces = unionOf(found, size);
  const plan =
    step.cropMode === 'extract' || step.cropMode === 'pad_extract'
      ? extractAround(step, size, faces, fullOf(planned, step, size))
      : cropAround(step, size, faces, planned);
  if (plan.output.width > context.maxOutput.width || plan.output.height > context.maxOutput.height) {
    const { width, height } = context.maxOutput;
    throw limit(`The result would exceed the maximum of ${width}x${height} pixels`);
  }
  return plan;
}

/** The size an extract asks for (before it is clipped to the image), as `planGeometry` reads it. */
function fullOf(planned: GeometryPlan, step: TransformStep, input: Size): Size {
  const target = targetSize(step, input);
  const ratio = input.width / input.height;
  return {
    width: target.width ?? px((target.height ?? planned.output.height) * ratio),
    height: target.height ?? px((target.width ?? planned.output.width) / ratio),
  };
}
