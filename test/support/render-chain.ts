import sharp, { type Metadata } from 'sharp';
import type { FaceDetector } from '../../shared/faces/face-detector';
import { DEFAULT_LIMITS, type Limits } from '../../shared/config/config';
import { endpointSettingsSchema, type EndpointSettings } from '../../shared/registry/endpoint-schema';
import { createDeadline } from '../../shared/runtime/deadline';
import { widthRuleOf } from '../../shared/transform/allowed-widths';
import { planOutput, type OutputPlan } from '../../shared/transform/output-plan';
import { render, type RenderedImage, type RenderInput } from '../../shared/transform/render';
import { configureSharp } from '../../shared/transform/sharp-setup';
import { readSourceInfo, type SourceInfo } from '../../shared/transform/source-info';
import { parseChain } from '../../shared/url/chain';

export interface RenderChainOptions {
  /** The request's `Accept` header. @default '' */
  accept?: string;
  settings?: Partial<EndpointSettings>;
  limits?: Partial<Limits>;
  /** Layer images and font files by path, as the service fetches them from the endpoint. */
  layerAssets?: Record<string, Buffer>;
  /** The face detector `fo-face` uses (a service passes Rekognition's when the endpoint enables it). */
  detectFaces?: FaceDetector;
  /** Kept shrunk decodes and the original's identity, as the service passes them. */
  decoded?: RenderInput['decoded'];
}

export interface RenderChainResult extends RenderedImage {
  source: SourceInfo;
  output: OutputPlan;
  /** What a client decoding the bytes sees. */
  metadata: Metadata;
}

/**
 * Runs an ImageKit chain (`w-200,h-100:rt-90`) through the transform core exactly as the service does:
 * header probe and input limits, output planning, render. Sharp is configured as in production.
 */
export async function renderChain(
  body: Buffer,
  chain: string,
  options: RenderChainOptions = {},
): Promise<RenderChainResult> {
  configureSharp();
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const settings = endpointSettingsSchema.parse(options.settings ?? {});
  const steps = parseChain(chain);
  const source = await readSourceInfo(body, limits);
  const output = planOutput(steps, source, options.accept ?? '', settings);
  const maxOutput = {
    width: Math.min(settings.maxWidth, limits.maxOutputDimension),
    height: Math.min(settings.maxHeight, limits.maxOutputDimension),
  };
  const rendered = await render({
    body,
    source,
    steps,
    output,
    maxOutput,
    widths: widthRuleOf(settings),
    limits,
    deadline: createDeadline(limits.requestDeadlineMs),
    layerAssets: new Map(Object.entries(options.layerAssets ?? {})),
    detectFaces: options.detectFaces,
    decoded: options.decoded,
  });
  return { ...rendered, source, output, metadata: await sharp(rendered.body).metadata() };
}
