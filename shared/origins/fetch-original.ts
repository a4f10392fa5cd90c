import { ImageError } from '../errors/image-error';
import type { FetchContext, ImagePath, OriginSource, OriginalImage } from './types';

/**
 * Tries the endpoint's origins in order. Only "not found" moves on to the next origin: a refusal, a
 * limit or a connection failure stops and is reported, so a broken origin is never hidden.
 */
export async function fetchOriginal(
  sources: readonly OriginSource[],
  path: ImagePath,
  context: FetchContext,
): Promise<OriginalImage> {
  const tried: string[] = [];
  for (const source of sources) {
    try {
      return await source.fetch(path, context);
    } catch (error) {
      if (!(error instanceof ImageError) || error.code !== 'ENOENT') throw error;
      tried.push(source.description);
    }
  }
  throw new ImageError('ENOENT', 'The file was not found', { internal: `not found in: ${tried.join(', ')}` });
}
