import sharp, { type Sharp, type SharpOptions } from 'sharp';
import type { Limits } from '../config/config';
import type { FaceDetector } from '../faces/face-detector';
import type { Deadline } from '../runtime/deadline';
import type { TransformStep } from '../url/transform-spec';
import type { WidthRule } from './allowed-widths';
import type { DecodedCache } from './decoded-cache';
import { decodedPathLevel } from './decoded-path';
import { WHITE, type Size } from './geometry';
import type { OutputFormat, OutputPlan } from './output-plan';
import { createLayerCompositor, type LayerAssets } from './layers/composite-layers';
import { runChain } from './pipeline';
import { encodeAtPerceptualQuality } from './perceptual-quality';
import { classifyRenderFailure } from './render-failure';
import type { SourceInfo } from './source-info';
import { encode } from './steps/encode';

export interface RenderInput {
  body: Buffer;
  source: SourceInfo;
  steps: readonly TransformStep[];
  output: OutputPlan;
  maxOutput: Size;
  /** The endpoint's allowed output widths (`settings.allowedWidths`), if any. */
  widths?: WidthRule;
  limits: Limits;
  deadline: Deadline;
  /** Images and font files the chain's layers name, by path inside the endpoint. */
  layerAssets?: LayerAssets;
  /** Finds faces for `fo-face` (Rekognition in AWS); without it `fo-face` answers 400. */
  detectFaces?: FaceDetector;
  /** Shrunk decodes kept across requests, and the original's identity (origin and version) to key them. */
  decoded?: { cache: DecodedCache; original: string };
}

export interface RenderedImage {
  body: Buffer;
  format: OutputFormat;
  width: number;
  height: number;
  /** The quality `q-auto` chose, with its SSIM score; undefined for fixed quality. */
  perceptual?: { quality: number; score: number; encodes: number };
}

/**
 * The pipeline the chain starts from: raw pixels of a kept shrunk decode where the request allows it
 * (see `decoded-path.ts`), else the original's bytes.
 */
async function startImage(input: RenderInput, decodeOptions: SharpOptions): Promise<Sharp> {
  const { limits, decoded } = input;
  const size: Size = { width: input.source.width, height: input.source.height };
  const level = decoded && decodedPathLevel(input);
  if (decoded === undefined || level === undefined || !decoded.cache.keeps(size, level)) {
    return sharp(input.body, decodeOptions);
  }
  const raw = await decoded.cache.get({
    original: decoded.original,
    body: input.body,
    size,
    level,
    decodeOptions,
    timeoutSeconds: limits.renderTimeoutSeconds,
  });
  return sharp(raw.data, { raw: raw.info });
}

/** Decodes the original, runs the chain (see `pipeline.ts`) and encodes the result. */
export async function render(input: RenderInput): Promise<RenderedImage> {
  const { source, output, limits, deadline } = input;
  const decodeOptions: SharpOptions = {
    autoOrient: true,
    animated: output.animated,
    failOn: 'warning',
    limitInputPixels: limits.maxInputPixels,
    sequentialRead: true,
  };
  const startedAt = performance.now();
  try {
    const size: Size = { width: source.width, height: source.height };
    const start = await startImage(input, decodeOptions);
    const { image, size: outputSize } = await runChain(
      start.timeout({ seconds: limits.renderTimeoutSeconds }),
      size,
      input.steps,
      {
        frames: output.animated ? source.frames : 1,
        timeoutSeconds: limits.renderTimeoutSeconds,
        maxOutput: input.maxOutput,
        deadline,
        background: output.background ?? (source.hasAlpha ? { ...WHITE, alpha: 0 } : WHITE),
        original: size,
        parent: undefined,
        compositeLayers: createLayerCompositor(input.layerAssets ?? new Map(), limits),
        detectFaces: input.detectFaces,
        widths: input.widths,
      },
    );

    deadline.check('encode');
    if (output.autoQuality) {
      const plan = { ...output, autoQuality: output.autoQuality };
      const found = await encodeAtPerceptualQuality(image, plan, source.hasIccProfile, deadline);
      const { quality, score, encodes } = found;
      return {
        body: found.body,
        format: output.format,
        width: found.width,
        height: found.height,
        perceptual: { quality, score, encodes },
      };
    }
    const { data, info } = await encode(image, output, source.hasIccProfile, outputSize).toBuffer({
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
