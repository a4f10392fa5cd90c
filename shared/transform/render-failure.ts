import sharp, { type SharpOptions } from 'sharp';
import { ImageError, invalid, limit, toImageError } from '../errors/image-error';

export interface RenderFailureContext {
  body: Buffer;
  /** The options the render decoded the original with. */
  decodeOptions: SharpOptions;
  timeoutSeconds: number;
  /** How long the render ran before it failed. */
  elapsedMs: number;
}

/**
 * Whether libvips decodes the original on its own, with the render's options, into a thumbnail: every
 * row is read (shrink-on-load where the format allows, as the render did) but only 8x8 pixels are kept.
 * (`stats()` is no test: on some corrupt PNGs it answers zero bands instead of failing.)
 */
async function decodes(body: Buffer, options: SharpOptions, timeoutSeconds: number): Promise<boolean> {
  try {
    await sharp(body, options)
      .timeout({ seconds: timeoutSeconds })
      .resize(8, 8, { fit: 'fill' })
      .raw()
      .toBuffer();
    return true;
  } catch {
    return false;
  }
}

/**
 * Classifies a failed render by what failed, never by sharp's message text: a render that ran out of
 * its time is a limit (`ELIMIT`); an original libvips cannot decode on its own is the input's fault
 * (`EINVALID`); a decodable original that still failed is our bug (`500 UNIDENTIFIED`, logged).
 */
export async function classifyRenderFailure(
  error: unknown,
  context: RenderFailureContext,
): Promise<ImageError> {
  if (error instanceof ImageError) return error;
  const internal = error instanceof Error ? error.message : String(error);
  if (context.elapsedMs >= context.timeoutSeconds * 1000) {
    return limit('The image took too long to process', { internal });
  }
  if (!(await decodes(context.body, context.decodeOptions, context.timeoutSeconds))) {
    return invalid('The original could not be decoded', { internal });
  }
  return toImageError(error);
}
