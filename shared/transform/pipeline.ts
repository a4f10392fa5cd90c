import sharp, { type Sharp } from 'sharp';
import { invalid, limit } from '../errors/image-error';
import type { Deadline } from '../runtime/deadline';
import type { Rgba, TransformStep } from '../url/transform-spec';
import type { FaceDetector } from '../faces/face-detector';
import { fitAllowedWidth, setsSize, type WidthRule } from './allowed-widths';
import { rotatedSize, type GeometryPlan, type Size } from './geometry';
import { resolveStep } from './resolve-step';
import { applyEffects } from './steps/apply-effects';
import { applyGeometry } from './steps/apply-geometry';
import { decorationsOf, type Decoration } from './steps/decorations';
import { placeGeometry } from './steps/face-focus';
import { fillPadding, paddingFill } from './steps/fill-padding';

/**
 * Largest output (4096x4096) that borders, radii, opacity and layers are drawn on: they work on whole
 * raw copies of the image and a rasterised mask, so an 8192x8192 one grew RSS by 1.7 GB (fuzz finding).
 */
export const MAX_DECORATED_PIXELS = 4096 * 4096;

/** The smallest image libvips' trim accepts, per side. */
const MIN_TRIM_SIZE = 3;

/** What every step of a chain shares: the limits it runs under and where it sits. */
export interface ChainContext {
  /** Frames of an animated image (1 for still images and layers). */
  frames: number;
  timeoutSeconds: number;
  maxOutput: Size;
  deadline: Deadline;
  /** Fills padding and rotation corners. */
  background: Rgba;
  original: Size;
  /** Inside a layer: the image it is placed on. */
  parent: Size | undefined;
  /** Composites a step's layers onto its finished pixels (see `layers/`). */
  compositeLayers?: CompositeLayers;
  /** Finds faces for `fo-face`; absent when the endpoint has face detection off. */
  detectFaces?: FaceDetector;
  /** The endpoint's allowed output widths; held by the chain's last sizing step, never inside layers. */
  widths?: WidthRule;
}

export type CompositeLayers = (
  image: Sharp,
  size: Size,
  step: TransformStep,
  context: ChainContext,
) => Promise<{ image: Sharp; size: Size }>;

/** The image as a step's stages hand it on. */
interface StepState {
  image: Sharp;
  size: Size;
  /** The geometry stage cropped, padded or extracted: sharp would otherwise rotate first. */
  reshaped: boolean;
  /** The pipeline holds true pixels with no operation pending. */
  settled: boolean;
}

/** Decodes raw pixels to a fresh pipeline that knows its true size (and its frames, when animated). */
export async function materialize(
  image: Sharp,
  frameHeight: number,
  context: Pick<ChainContext, 'frames' | 'timeoutSeconds'>,
): Promise<{ image: Sharp; size: Size }> {
  const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
  const animated = context.frames > 1;
  const pageHeight = animated ? frameHeight : undefined;
  // `animated` makes sharp treat the raw strip as frames again instead of one tall image.
  const next = sharp(data, {
    animated,
    raw: { width: info.width, height: info.height, channels: info.channels, pageHeight },
  });
  return {
    image: next.timeout({ seconds: context.timeoutSeconds }),
    size: { width: info.width, height: pageHeight ?? info.height },
  };
}

/** One stage of a step: runs when the step asks for it, in the order `STAGES` declares. */
interface Stage {
  name: string;
  /** The URL keys this stage handles for still images only, when the step uses it. */
  stillOnly(step: TransformStep, context: ChainContext): string[];
  run(state: StepState, step: TransformStep, context: ChainContext): Promise<StepState> | StepState;
}

const rotationOf = (step: TransformStep) => (typeof step.rotate === 'number' ? step.rotate % 360 : 0);
const trims = (step: TransformStep) => step.trim !== undefined && step.trim !== false;

const trimStage: Stage = {
  name: 'trim',
  stillOnly: (step) => (trims(step) ? ['t'] : []),
  async run(state, step, context) {
    // libvips trims images of at least 3x3 pixels; a smaller one has no border to take off.
    if (!trims(step) || state.size.width < MIN_TRIM_SIZE || state.size.height < MIN_TRIM_SIZE) return state;
    state.image.trim({ threshold: typeof step.trim === 'number' ? step.trim : 10 });
    return { ...state, ...(await materialize(state.image, state.size.height, context)), settled: true };
  },
};

const geometryStage: Stage = {
  name: 'geometry',
  stillOnly: () => [],
  async run(state, step, context) {
    let { image } = state;
    const sized = fitAllowedWidth(step, state.size, context.maxOutput, context.widths);
    const geometry: GeometryPlan = await placeGeometry(image, state.size, sized, context);
    const fill = paddingFill(step.background);
    if (fill !== undefined && geometry.pad && geometry.resize) {
      // The padding is made from the resized pixels, so they are materialised first and after.
      applyGeometry(image, { ...geometry, pad: undefined }, context.background);
      ({ image } = await materialize(image, geometry.resize.height, context));
      image = await fillPadding(image, geometry.resize, geometry.pad, geometry.output, fill);
      ({ image } = await materialize(image, geometry.output.height, context));
    } else {
      applyGeometry(image, geometry, context.background);
    }
    return {
      image,
      size: geometry.output,
      reshaped: Boolean(geometry.crop || geometry.pad || geometry.extract),
      settled: false,
    };
  },
};

const rotateStage: Stage = {
  name: 'rotate',
  stillOnly: (step) => (rotationOf(step) !== 0 ? ['rt'] : []),
  async run(state, step, context) {
    const angle = rotationOf(step);
    if (angle === 0) return state;
    let { image, size } = state;
    if (state.reshaped) ({ image, size } = await materialize(image, size.height, context));
    size = rotatedSize(size, angle);
    if (size.width > context.maxOutput.width || size.height > context.maxOutput.height) {
      throw limit('The rotated image would exceed the maximum output size');
    }
    image.rotate(angle, { background: context.background });
    return { image, size, reshaped: state.reshaped, settled: false };
  },
};

const effectsStage: Stage = {
  name: 'effects',
  stillOnly: () => [],
  run(state, step) {
    applyEffects(state.image, step);
    return { ...state, settled: false };
  },
};

/** Checks the size limit of the whole-image stages before they copy pixels around. */
function checkDecoratedSize(size: Size, key: string | undefined): void {
  if (key !== undefined && size.width * size.height > MAX_DECORATED_PIXELS)
    throw limit(`Parameter "${key}" is available for outputs up to ${MAX_DECORATED_PIXELS} pixels`);
}

const decorationsStage: Stage = {
  name: 'decorations',
  stillOnly: (step, context) => decorationsOf(step, context.maxOutput).map((decoration) => decoration.key),
  async run(state, step, context) {
    const decorations: Decoration[] = decorationsOf(step, context.maxOutput);
    if (decorations.length === 0) return state;
    checkDecoratedSize(state.size, decorations[0]?.key);
    // sharp composites last in its pipeline: each decoration starts from, and leaves, true pixels.
    let { image, size } = await materialize(state.image, state.size.height, context);
    for (const decoration of decorations) {
      ({ image, size } = await decoration.apply(image, size));
      ({ image, size } = await materialize(image, size.height, context));
    }
    return { image, size, reshaped: true, settled: true };
  },
};

const layersStage: Stage = {
  name: 'layers',
  stillOnly: (step) => (step.layers?.length ? [`l-${step.layers[0]?.type}`] : []),
  async run(state, step, context) {
    if (!step.layers?.length || context.compositeLayers === undefined) return state;
    checkDecoratedSize(state.size, `l-${step.layers[0]?.type}`);
    const composed = await context.compositeLayers(state.image, state.size, step, context);
    return { ...composed, reshaped: true, settled: true };
  },
};

/** A step's stages, in the order they run. */
const STAGES: readonly Stage[] = [
  trimStage,
  geometryStage,
  rotateStage,
  effectsStage,
  decorationsStage,
  layersStage,
];

/**
 * Runs a chain. A step runs in one sharp pipeline; the image is only materialised to raw pixels where
 * the next operation needs the true size (trim, chained steps, decorations, layers) or where sharp's
 * fixed operation order would otherwise rotate before cropping or padding.
 */
export async function runChain(
  image: Sharp,
  size: Size,
  steps: readonly TransformStep[],
  context: ChainContext,
): Promise<{ image: Sharp; size: Size }> {
  // A chain without steps still passes through one (empty) step, so the output cap applies.
  const pending: TransformStep[] = steps.length > 0 ? [...steps] : [{}];
  let state: StepState = { image, size, reshaped: false, settled: false };
  for (let index = 0; pending.length > 0; index += 1) {
    const [step, ...rest] = resolveStep(pending.shift() as TransformStep, {
      current: state.size,
      original: context.original,
      parent: context.parent,
    });
    pending.unshift(...rest);
    if (step === undefined) continue;
    context.deadline.check(`step ${index + 1}`);
    // libvips trims, rotates and composites single images only; say which parameter, not "cannot decode".
    const stillOnly = STAGES.flatMap((stage) => stage.stillOnly(step, context));
    if (context.frames > 1 && stillOnly.length > 0)
      throw invalid(`Parameter "${stillOnly[0]}" is not supported for animated images`);
    state = { ...state, reshaped: false };
    // Only the last step that sizes the image decides the output width the endpoint allows.
    const stepContext = pending.some(setsSize) ? { ...context, widths: undefined } : context;
    for (const stage of STAGES) state = await stage.run(state, step, stepContext);
    if (pending.length > 0 && !state.settled)
      state = { ...state, ...(await materialize(state.image, state.size.height, context)), settled: true };
  }
  return { image: state.image, size: state.size };
}
