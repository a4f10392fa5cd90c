import { invalid } from '../errors/image-error';
import { expected } from './validators';
import type { ParameterDescriptor } from './parameters';
import { LAYER_TYPES, type Layer, type LayerType, type TransformStep } from './transform-spec';

/** ImageKit: "A layer can have a nested layer up to 3 levels." */
export const MAX_LAYER_DEPTH = 3;
/** The parser's hard cap; each endpoint allows `settings.maxLayers` (10 by default) of these. */
export const MAX_LAYERS_PER_URL = 25;
/** ImageKit truncates longer text inputs. */
export const MAX_TEXT_LENGTH = 144;

export function parseLayerType(token: string): LayerType {
  const type = LAYER_TYPES.find((candidate) => token === `l-${candidate}`);
  if (type === undefined)
    throw invalid(
      `Unknown layer "${token.slice(0, 40)}": expected ${LAYER_TYPES.map((t) => `l-${t}`).join(' or ')}`,
    );
  return type;
}

/** Refuses a parameter where its row's `where` says it has no meaning (`lx` outside a layer, `f` inside one). */
export function checkScope(descriptor: ParameterDescriptor, layer: LayerType | undefined): void {
  const { where, key } = descriptor;
  if (where === 'output' && layer !== undefined)
    throw invalid(`Parameter "${key}" applies to the whole output, not inside a layer`);
  if ((where === 'layer' || where === 'text') && layer === undefined)
    throw invalid(`Parameter "${key}" is only valid inside a layer`);
  if (where === 'text' && layer !== 'text')
    throw invalid(`Parameter "${key}" is only valid inside a text layer ("l-text")`);
}

/** The layer's input: `ie-` (decoded) wins over `i-`, as ImageKit documents. */
export function layerInputOf(layer: Layer): string | undefined {
  const [first] = layer.steps;
  return first?.layerEncodedInput ?? first?.layerInput;
}

/** A layer-level field, read from whichever of the layer's steps gives it. */
export function layerField<F extends keyof TransformStep>(
  layer: Layer,
  field: F,
): TransformStep[F] | undefined {
  return layer.steps.find((step) => step[field] !== undefined)?.[field];
}

/** Layer-level fields (input, position, mode, text style): one value per layer, in any of its steps. */
const LAYER_LEVEL_FIELDS = [
  'layerInput',
  'layerEncodedInput',
  'layerX',
  'layerY',
  'layerFocus',
  'layerMode',
  'layerAlpha',
  'fontSize',
  'fontFamily',
  'textColour',
  'textAlign',
  'typography',
  'padding',
] as const satisfies ReadonlyArray<keyof TransformStep>;

/**
 * Checks a closed layer and moves its layer-level fields to its first step, so the canonical form
 * is one spelling however the URL spread them over the layer's chain.
 */
export function checkLayer(layer: Layer): void {
  const [first = {}, ...rest] = layer.steps;
  for (const field of LAYER_LEVEL_FIELDS) {
    for (const step of rest) {
      if (step[field] === undefined) continue;
      if (first[field] !== undefined) throw invalid(`A layer gives its "${field}" twice`);
      (first as Record<string, unknown>)[field] = step[field];
      delete step[field];
    }
  }
  if (first.layerEncodedInput !== undefined) delete first.layerInput;
  layer.steps = [first, ...rest.filter((step) => Object.keys(step).length > 0)];
  const input = first.layerEncodedInput ?? first.layerInput;
  if (input === undefined) throw invalid(`Layer "l-${layer.type}" needs an input: "i-" or "ie-"`);
  // libvips has no displacement map; a refusal beats a layer silently drawn some other way.
  if (first.layerMode === 'displace') throw invalid('Layer mode "lm-displace" is not supported');
  if (layer.type === 'text') {
    if (first.layerInput !== undefined) first.layerInput = truncateText(first.layerInput);
    if (first.layerEncodedInput !== undefined)
      first.layerEncodedInput = truncateText(first.layerEncodedInput);
  } else if (
    first.layerInput !== undefined &&
    (first.layerInput.length > 512 || /[/\\]/.test(first.layerInput))
  ) {
    throw expected('a file path with @@ for folders', 'i', first.layerInput);
  }
}

/** ImageKit truncates text inputs past 144 characters (code points, so no character is split). */
const truncateText = (text: string): string => Array.from(text).slice(0, MAX_TEXT_LENGTH).join('');

/** The path inside the endpoint an image layer (or a font file) names: `@@` stands for `/`. */
export const layerPath = (input: string): string => input.split('@@').join('/');
