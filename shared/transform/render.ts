import sharp, { type Sharp, type SharpOptions } from 'sharp';
import type { Limits } from '../config/config';
import { invalid, limit } from '../errors/image-error';
import type { Deadline } from '../runtime/deadline';
import type { TransformStep } from '../url/transform-spec';
import { planGeometry, rotatedSize, WHITE, type Size } from './geometry';
import type { OutputFormat, OutputPlan } from './output-plan';
import { classifyRenderFailure } from './render-failure';
import type { SourceInfo } from './source-info';
import { applyEffects } from './steps/apply-effects';
import { applyGeometry } from './steps/apply-geometry';
import { decorationsOf } from './steps/decorations';
import { placeByAttention } from './steps/attention-extract';
import { resolveStep } from './resolve-step';
import { encode } from './steps/encode';
import { fillPadding, paddingFill } from './steps/fill-padding';

/**
 * Largest output (4096x4096) that borders, radii and opacity are drawn on: they work on whole raw
 * copies of the image and a rasterised mask, so an 8192x8192 one grew RSS by 1.7 GB (fuzz finding).
 */
const MAX_DECORATED_PIXELS = 4096 * 4096;

/** The smallest image libvips' trim accepts, per side. */
const MIN_TRIM_SIZE = 3;

export interface RenderInput {
  body: Buffer;
  source: SourceInfo;
  steps: readonly TransformStep[];
  output: OutputPlan;
  maxOutput: Size;
  limits: Limits;
  deadline: Deadline;
}

export interface RenderedImage {
  body: Buffer;
  format: OutputFormat;
  width: number;
  height: number;
}

/**
 * Runs the transformation chain. A step runs in one sharp pipeline; the image is only materialised to
 * raw pixels where the next operation needs the true size (trim, chained steps) or where sharp's fixed
 * operation order would otherwise rotate before cropping or padding.
 */
export async function render(input: RenderInput): Promise<RenderedImage> {
  const { source, output, limits, deadline } = input;
  const timeout = { seconds: limits.renderTimeoutSeconds };
  const frames = output.animated ? source.frames : 1;

  async function materialize(image: Sharp, frameHeight: number): Promise<{ image: Sharp; size: Size }> {
    const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
    const pageHeight = frames > 1 ? frameHeight : undefined;
    // `animated` makes sharp treat the raw strip as frames again instead of one tall image.
    const next = sharp(data, {
      animated: frames > 1,
      raw: { width: info.width, height: info.height, channels: info.channels, pageHeight },
    });
    return { image: next.timeout(timeout), size: { width: info.width, height: pageHeight ?? info.height } };
  }

  const decodeOptions: SharpOptions = {
    autoOrient: true,
    animated: output.animated,
    failOn: 'warning',
    limitInputPixels: limits.maxInputPixels,
    sequentialRead: true,
  };
  const startedAt = performance.now();
  try {
    let image = sharp(input.body, decodeOptions).timeout(timeout);
    let size: Size = { width: source.width, height: source.height };
    const background = output.background ?? (source.hasAlpha ? { ...WHITE, alpha: 0 } : WHITE);

    // A URL without a transformation still passes through one (empty) step, so the output cap applies.
    const pending: TransformStep[] = input.steps.length > 0 ? [...input.steps] : [{}];
    const original: Size = { width: source.width, height: source.height };
    for (let index = 0; pending.length > 0; index += 1) {
      const [step, ...rest] = resolveStep(pending.shift() as TransformStep, {
        current: size,
        original,
        parent: undefined,
      });
      pending.unshift(...rest);
      if (step === undefined) continue;
      deadline.check(`step ${index + 1}`);
      // libvips trims, rotates and composites single images only; say which parameter, not "cannot decode".
      const angle = typeof step.rotate === 'number' ? step.rotate % 360 : 0;
      const decorations = decorationsOf(step, input.maxOutput);
      const singleImageOnly = [
        ...(step.trim !== undefined && step.trim !== false ? ['t'] : []),
        ...(angle !== 0 ? ['rt'] : []),
        ...decorations.map((decoration) => decoration.key),
      ];
      if (frames > 1 && singleImageOnly.length > 0) {
        throw invalid(`Parameter "${singleImageOnly[0]}" is not supported for animated images`);
      }
      // libvips trims images of at least 3x3 pixels; a smaller one has no border to take off.
      if (
        step.trim !== undefined &&
        step.trim !== false &&
        size.width >= MIN_TRIM_SIZE &&
        size.height >= MIN_TRIM_SIZE
      ) {
        image.trim({ threshold: step.trim === true ? 10 : step.trim });
        ({ image, size } = await materialize(image, size.height));
      }
      const geometry = await placeByAttention(image, size, planGeometry(step, size, input.maxOutput));
      const fill = paddingFill(step.background);
      if (fill !== undefined && geometry.pad && geometry.resize) {
        // The padding is made from the resized pixels, so they are materialised first and after.
        applyGeometry(image, { ...geometry, pad: undefined }, background);
        ({ image } = await materialize(image, geometry.resize.height));
        image = await fillPadding(image, geometry.resize, geometry.pad, geometry.output, fill);
        ({ image } = await materialize(image, geometry.output.height));
      } else {
        applyGeometry(image, geometry, background);
      }
      size = geometry.output;

      if (angle !== 0) {
        if (geometry.crop || geometry.pad || geometry.extract)
          ({ image, size } = await materialize(image, size.height));
        size = rotatedSize(size, angle);
        if (size.width > input.maxOutput.width || size.height > input.maxOutput.height) {
          throw limit('The rotated image would exceed the maximum output size');
        }
        image.rotate(angle, { background });
      }
      applyEffects(image, step);
      // sharp composites last in its pipeline: each decoration starts from, and leaves, true pixels.
      if (decorations.length > 0 && size.width * size.height > MAX_DECORATED_PIXELS) {
        throw limit(
          `Parameter "${decorations[0]?.key}" is available for outputs up to ${MAX_DECORATED_PIXELS} pixels`,
        );
      }
      if (decorations.length > 0) ({ image, size } = await materialize(image, size.height));
      for (const decoration of decorations) {
        ({ image, size } = await decoration.apply(image, size));
        ({ image, size } = await materialize(image, size.height));
      }
      if (pending.length > 0 && decorations.length === 0)
        ({ image, size } = await materialize(image, size.height));
    }

    deadline.check('encode');
    const { data, info } = await encode(image, output, source.hasIccProfile).toBuffer({
      resolveWithObject: true,
    });
    return { body: data, format: output.format, width: info.width, height: info.pageHeight ?? info.height };
  } catch (error) {
    throw await classifyRenderFailure(error, {
      body: input.body,
      decodeOptions,
      timeoutSeconds: limits.renderTimeoutSeconds,
      elapsedMs: performance.now() - startedAt,
    });
  }
}
