import { ImageError, invalid, limit } from '../errors/image-error';
import { fetchOriginal } from '../origins/fetch-original';
import type { FetchContext, OriginSource } from '../origins/types';
import { countLayers, layerAssetPaths, type LayerAssets } from '../transform/layers/composite-layers';
import { readSourceInfo } from '../transform/source-info';
import { parseImagePath } from '../url/path';
import type { TransformStep } from '../url/transform-spec';

const FONT_FILE = /\.(ttf|otf)$/i;

/**
 * Fetches what a chain's layers name (images and font files) through the endpoint's own origins, the
 * same way and under the same limits as the original: a layer path can never leave its endpoint,
 * and all of a request's inputs together stay within one original's byte limit.
 */
export async function fetchLayerAssets(
  steps: readonly TransformStep[],
  sources: readonly OriginSource[],
  context: FetchContext,
  maxLayers: number,
): Promise<LayerAssets> {
  const layers = countLayers(steps);
  if (layers > maxLayers)
    throw invalid(
      `This endpoint allows at most ${maxLayers} layers per URL (settings.maxLayers); the URL has ${layers}`,
    );
  const paths = layerAssetPaths(steps);
  const entries = await Promise.all(paths.map((path) => fetchAsset(path, sources, context)));
  const total = entries.reduce((sum, [, body]) => sum + body.byteLength, 0);
  if (total > context.limits.maxSourceBytes)
    throw limit(`The layers' inputs are larger than ${context.limits.maxSourceBytes} bytes together`);
  return new Map(entries);
}

async function fetchAsset(
  path: string,
  sources: readonly OriginSource[],
  context: FetchContext,
): Promise<[string, Buffer]> {
  const imagePath = parseImagePath(path.split('/').map(encodeURIComponent));
  try {
    const { body } = (await fetchOriginal(sources, imagePath, context)).original;
    // Layer images pass the original's probe: format, dimensions and SVG limits.
    if (!FONT_FILE.test(path)) await readSourceInfo(body, context.limits);
    return [path, body];
  } catch (error) {
    // The URL names something the endpoint lacks: the request is at fault, not the base image.
    if (error instanceof ImageError && error.code === 'ENOENT')
      throw invalid(`Layer input "${path}" was not found in the endpoint`, { internal: error.internal });
    throw error;
  }
}
