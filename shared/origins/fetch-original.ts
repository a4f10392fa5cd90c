import { ImageError } from '../errors/image-error';
import type { FetchContext, ImagePath, OriginSource, OriginalImage } from './types';

/** The original, and whether an origin after the first one asked had it (the ones before did not). */
export interface FoundOriginal {
  original: OriginalImage;
  fromFallbackOrigin: boolean;
}

/**
 * Tries the endpoint's origins in order. Only "not found" moves on to the next origin: a refusal, a
 * limit or a connection failure stops and is reported, so a broken origin is never hidden. An origin
 * that cannot name the path is passed over, unless no origin can (then the first says why).
 */
export async function fetchOriginal(
  sources: readonly OriginSource[],
  path: ImagePath,
  context: FetchContext,
): Promise<FoundOriginal> {
  const tried: string[] = [];
  const candidates = sources.filter((source) => source.accepts?.(path) ?? true);
  for (const source of candidates.length > 0 ? candidates : sources.slice(0, 1)) {
    const started = performance.now();
    const attempt = (status: number, bytes: number, errorCode?: string) =>
      context.attempts?.push({
        origin: source.description,
        status,
        ...(errorCode === undefined ? {} : { errorCode }),
        ms: Math.round((performance.now() - started) * 10) / 10,
        bytes,
      });
    try {
      const original = await source.fetch(path, context);
      attempt(200, original.body.byteLength);
      return { original, fromFallbackOrigin: tried.length > 0 };
    } catch (error) {
      if (error instanceof ImageError) attempt(error.status, 0, error.code);
      if (!(error instanceof ImageError) || error.code !== 'ENOENT') throw error;
      tried.push(source.description);
    }
  }
  throw new ImageError('ENOENT', 'The file was not found', { internal: `not found in: ${tried.join(', ')}` });
}
