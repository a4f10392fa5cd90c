import sharp, { type Metadata } from 'sharp';
import type { Limits } from '../config/config';
import { invalid, limit } from '../errors/image-error';
import { largestDeclaredSvgSide } from './svg-declared-size';
import { expandedUseCount } from './svg-references';

/** Input formats the decoders are allowed to read (see `sharp-setup.ts`). */
export type InputFormat = 'jpeg' | 'png' | 'webp' | 'gif' | 'avif' | 'heif' | 'svg';

export interface SourceInfo {
  format: InputFormat;
  /** Width and height after EXIF orientation, of one frame. */
  width: number;
  height: number;
  frames: number;
  hasAlpha: boolean;
  hasIccProfile: boolean;
}

const ROTATED_ORIENTATIONS = new Set([5, 6, 7, 8]);
/** librsvg rasterises at most this many pixels per side, whatever the pixel budget allows. */
export const MAX_SVG_SIDE = 32_767;
/** The widest or tallest original read (JPEG's own maximum); larger ones are refused before decoding. */
export const MAX_INPUT_SIDE = 65_535;
/** Shapes an SVG may reach through `<use>` references; icons and illustrations use a few hundred. */
export const MAX_SVG_USE_EXPANSION = 10_000;

function inputFormatOf(metadata: Metadata): InputFormat | undefined {
  switch (metadata.format) {
    case 'jpeg':
    case 'png':
    case 'webp':
    case 'gif':
    case 'svg':
      return metadata.format;
    case 'heif':
      return metadata.compression === 'av1' ? 'avif' : 'heif';
    default:
      return undefined;
  }
}

/** SVG-only limits, read from the bytes and the markup (decoded once) before librsvg renders anything. */
function checkSvgLimits(body: Buffer, metadata: Metadata, limits: Limits): void {
  if (body.byteLength > limits.maxSvgBytes) {
    throw limit(`SVG originals may be at most ${limits.maxSvgBytes} bytes`);
  }
  const markup = body.toString('utf8');
  if (expandedUseCount(markup) > MAX_SVG_USE_EXPANSION) {
    throw limit(`SVG originals may expand to at most ${MAX_SVG_USE_EXPANSION} shapes through <use>`);
  }
  // A 1x65536 SVG is within any pixel budget, but the rasteriser refuses it only when rendering.
  const side = Math.max(metadata.width ?? 0, metadata.height ?? 0, largestDeclaredSvgSide(markup));
  if (side > MAX_SVG_SIDE) throw limit(`SVG originals may be at most ${MAX_SVG_SIDE} pixels wide and high`);
}

/**
 * Reads the original's header (no pixel decoding) and enforces the input limits before any work:
 * the real type comes from the bytes, never from the origin's Content-Type.
 */
export async function readSourceInfo(body: Buffer, limits: Limits): Promise<SourceInfo> {
  let metadata: Metadata;
  try {
    metadata = await sharp(body, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw invalid('The original is not a supported image', { internal: String(error) });
  }
  const format = inputFormatOf(metadata);
  if (format === undefined || !metadata.width || !metadata.height) {
    throw invalid('The original is not a supported image', { internal: `format ${metadata.format}` });
  }
  if (format === 'svg') checkSvgLimits(body, metadata, limits);
  const frames = metadata.pages ?? 1;
  const frameHeight = metadata.pageHeight ?? metadata.height;
  // A header can declare a 66,076,965x1 image inside any pixel budget; decoders allocate for it anyway.
  if (Math.max(metadata.width, frameHeight) > MAX_INPUT_SIDE) {
    throw limit(`The original may be at most ${MAX_INPUT_SIDE} pixels wide and high`);
  }
  if (frames > limits.maxAnimationFrames) {
    throw limit(`The original has ${frames} frames; at most ${limits.maxAnimationFrames} are allowed`);
  }
  if (metadata.width * frameHeight * frames > limits.maxInputPixels) {
    throw limit(`The original has more than ${limits.maxInputPixels} pixels`);
  }
  const rotated = ROTATED_ORIENTATIONS.has(metadata.orientation ?? 1);
  return {
    format,
    width: rotated ? frameHeight : metadata.width,
    height: rotated ? metadata.width : frameHeight,
    frames,
    hasAlpha: metadata.hasAlpha === true,
    hasIccProfile: metadata.icc !== undefined,
  };
}
