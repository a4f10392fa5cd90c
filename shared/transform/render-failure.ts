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
 * Whether libvips decodes the original on its own, with the render's options, at full scale and every
 * frame the render read: into a quality-1 JPEG (a PNG for animations, whose frames can stack past
 * JPEG's 65,535 rows), which streams rows and keeps little. Cheaper checks are not true to the render:
 * `stats()` passes some corrupt PNGs, a thumbnail can skip a corrupt JPEG's data, and the first frame
 * alone misses a corrupt later one.
 */
async function decodes(body: Buffer, options: SharpOptions, timeoutSeconds: number): Promise<boolean> {
  try {
    const image = sharp(body, options).timeout({ seconds: timeoutSeconds });
    await (options.animated ? image.png({ compressionLevel: 1 }) : image.jpeg({ quality: 1 })).toBuffer();
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
