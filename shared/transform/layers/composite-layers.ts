import sharp, { type Blend, type OverlayOptions, type Sharp } from 'sharp';
import type { Limits } from '../../config/config';
import { invalid } from '../../errors/image-error';
import { layerField, layerInputOf, layerPath } from '../../url/layer-syntax';
import {
  givenNumber,
  CANVAS_INPUT,
  solidColour,
  type Layer,
  type LayerMode,
  type Rgba,
  type TransformStep,
} from '../../url/transform-spec';
import { BUILT_IN_FONTS, builtInFont, customFont, DEFAULT_FONT, type FontChoice } from '../fonts';
import { WHITE, type Region, type Size } from '../geometry';
import { runChain, type ChainContext, type CompositeLayers } from '../pipeline';
import { resolveStep } from '../resolve-step';
import { placeLayer } from './place-layer';
import { renderText } from './text-image';

/** Layer inputs (images and font files) by their path inside the endpoint, fetched before the render. */
export type LayerAssets = ReadonlyMap<string, Buffer>;

/** libvips' blend for each layer mode: `cutout` removes the parent under the layer, `cutter` keeps only it. */
const BLENDS: Record<Exclude<LayerMode, 'displace'>, Blend> = {
  multiply: 'multiply',
  cutout: 'dest-out',
  cutter: 'dest-in',
};

const TRANSPARENT: Rgba = { r: 0, g: 0, b: 0, alpha: 0 };

/** Fields a layer's first step spends on making its input (canvas size, text box): not resized again. */
function withoutInputFields(step: TransformStep): TransformStep {
  const rest = { ...step };
  delete rest.width;
  delete rest.height;
  delete rest.background;
  delete rest.padding;
  return rest;
}

/** The path of a font file `ff-` names; a name that is neither built in nor a font file is refused. */
function fontFilePath(name: string): string {
  if (!/\.(ttf|otf)$/i.test(name))
    throw invalid(
      `Unknown font "${name}": use ${Object.keys(BUILT_IN_FONTS).join(', ')} or a .ttf/.otf path in the endpoint`,
    );
  return layerPath(name);
}

/** A step's sub-chains: both branches of an if block (either may run). */
const branchesOf = (step: TransformStep): TransformStep[][] =>
  step.condition ? [step.condition.then, step.condition.else] : [];

/** The layer paths (images and font files) a chain needs, nested layers and both branches of if blocks included. */
export function layerAssetPaths(steps: readonly TransformStep[]): string[] {
  const paths = new Set<string>();
  const visit = (chain: readonly TransformStep[]) => {
    for (const step of chain) {
      branchesOf(step).forEach(visit);
      for (const layer of step.layers ?? []) {
        const input = layerInputOf(layer);
        if (layer.type === 'image' && input !== undefined && input !== CANVAS_INPUT)
          paths.add(layerPath(input));
        const font = layerField(layer, 'fontFamily');
        if (font !== undefined && builtInFont(font) === undefined) paths.add(fontFilePath(font));
        visit(layer.steps);
      }
    }
  };
  visit(steps);
  return [...paths];
}

/** Counts the layers of a chain, nested ones and both branches of if blocks included. */
export function countLayers(steps: readonly TransformStep[]): number {
  return steps.reduce(
    (count, step) =>
      count +
      branchesOf(step).reduce((sum, branch) => sum + countLayers(branch), 0) +
      (step.layers ?? []).reduce((sum, layer) => sum + 1 + countLayers(layer.steps), 0),
    0,
  );
}

/**
 * Renders each layer of a step through the same pipeline (its own input, its own steps, its own
 * nested layers), places it in its parent and composites them all in one libvips pass.
 */
export function createLayerCompositor(assets: LayerAssets, limits: Limits): CompositeLayers {
  function assetOf(path: string, what: string): Buffer {
    const body = assets.get(path);
    if (body === undefined) throw invalid(`${what} "${path}" was not found in the endpoint`);
    return body;
  }

  function fontOf(name: string | undefined): FontChoice {
    const builtIn = builtInFont(name ?? DEFAULT_FONT);
    if (builtIn !== undefined || name === undefined)
      return builtIn ?? (builtInFont(DEFAULT_FONT) as FontChoice);
    const path = fontFilePath(name);
    return customFont(path, assetOf(path, 'Font'));
  }

  /** The layer's input as a pipeline, before its steps run. */
  async function layerInput(layer: Layer, parent: Size, context: ChainContext) {
    const input = layerInputOf(layer) ?? '';
    // Text and blocks spend `fs`, `pa`, `w`, `h` on drawing themselves: their expressions (which may
    // only use the parent's `b*` size) are computed first.
    const drawn = layer.type === 'text' || input === CANVAS_INPUT;
    const [first = {}] = drawn
      ? resolveStep(layer.steps[0] ?? {}, { current: parent, original: parent, parent })
      : [layer.steps[0] ?? {}];
    if (layer.type === 'text') {
      const style = {
        text: input,
        font: fontOf(first.fontFamily),
        fontSize: first.fontSize,
        colour: first.textColour,
        background: solidColour(first.background),
        alpha: first.layerAlpha,
        wrapWidth: givenNumber(first.width),
        align: first.textAlign,
        typography: first.typography,
        padding: first.padding,
      };
      return { ...(await renderText(style, context.maxOutput)), steps: [withoutInputFields(first)] };
    }
    if (input === CANVAS_INPUT) {
      const colour = solidColour(first.background) ?? WHITE;
      const alpha =
        first.layerAlpha !== undefined && colour.alpha === 1 ? first.layerAlpha / 10 : colour.alpha;
      const size = {
        width: Math.min(Math.round(givenNumber(first.width) ?? parent.width), context.maxOutput.width),
        height: Math.min(Math.round(first.height ?? parent.height), context.maxOutput.height),
      };
      const image = sharp({ create: { ...size, channels: 4, background: { ...colour, alpha } } });
      return { image, size, steps: [withoutInputFields(first)] };
    }
    const body = assetOf(layerPath(input), 'Layer image');
    const image = sharp(body, {
      autoOrient: true,
      failOn: 'warning',
      limitInputPixels: limits.maxInputPixels,
    });
    const { width = 0, height = 0 } = await image.metadata();
    // ImageKit trims image layers unless `t-false` says otherwise.
    return { image, size: { width, height }, steps: [{ ...first, trim: first.trim ?? true }] };
  }

  async function renderLayer(layer: Layer, parent: Size, context: ChainContext) {
    const start = await layerInput(layer, parent, context);
    // Inside a layer, `iw`/`ih` are the layer input's own size (ImageKit).
    const layerContext: ChainContext = {
      ...context,
      frames: 1,
      background: solidColour(layer.steps[0]?.background) ?? TRANSPARENT,
      original: start.size,
      parent,
      widths: undefined,
    };
    const steps = [...start.steps, ...layer.steps.slice(1)];
    const { image } = await runChain(
      start.image.timeout({ seconds: context.timeoutSeconds }),
      start.size,
      steps,
      layerContext,
    );
    const { data, info } = await image
      .toColourspace('srgb')
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { data, size: { width: info.width, height: info.height }, inputSize: start.size };
  }

  return async (image: Sharp, size: Size, step: TransformStep, context: ChainContext) => {
    const overlays: Overlay[] = [];
    for (const layer of step.layers ?? []) {
      context.deadline.check(`layer l-${layer.type}`);
      const rendered = await renderLayer(layer, size, context);
      const first = layer.steps[0] ?? {};
      const [placed = first] = resolveStep(first, {
        current: rendered.size,
        original: rendered.inputSize,
        parent: size,
      });
      const mode = placed.layerMode === 'displace' ? undefined : placed.layerMode;
      const { target, visible } = placeLayer(rendered.size, size, {
        x: placed.layerX,
        y: placed.layerY,
        focus: placed.layerFocus,
      });
      if (target.width <= 0 || target.height <= 0) continue;
      const raw = { ...rendered.size, channels: 4 as const };
      const whole = visible.width === rendered.size.width && visible.height === rendered.size.height;
      const pixels = whole
        ? rendered.data
        : await sharp(rendered.data, { raw }).extract(visible).raw().toBuffer();
      overlays.push({ pixels, target, blend: mode === undefined ? 'over' : BLENDS[mode] });
    }
    return compositeOnto(image, overlays, context.timeoutSeconds);
  };
}

/** A rendered layer: its visible RGBA pixels and where they go. */
interface Overlay {
  pixels: Buffer;
  target: Region;
  blend: Blend;
}

/** Cutting modes change the parent outside the layer too (`cutter`) or need an alpha to cut into. */
const CUTS: readonly Blend[] = ['dest-in', 'dest-out'];

/**
 * Composites the layers onto the parent's pixels. libvips' composite works over the whole frame (a
 * 1200x900 base with one 200x80 logo cost 30% more than no layer, `npm run bench`), so blends that only
 * touch the layer's area run on that region alone and are copied back row by row; cutting modes, which
 * change the whole frame, composite it whole.
 */
async function compositeOnto(image: Sharp, overlays: readonly Overlay[], timeoutSeconds: number) {
  const cuts = overlays.some((overlay) => CUTS.includes(overlay.blend));
  const base = image.toColourspace('srgb');
  if (cuts) base.ensureAlpha();
  let { data, info } = await base.raw().toBuffer({ resolveWithObject: true });
  // A grayscale parent still comes out as one band (and alpha): layers are drawn in colour on it.
  if (info.channels < 3) {
    ({ data, info } = await sharp(data, {
      raw: { width: info.width, height: info.height, channels: info.channels },
    })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true }));
  }
  const layout = { width: info.width, height: info.height, channels: info.channels };
  const pixels = (buffer: Buffer) => sharp(buffer, { raw: layout });
  if (cuts) {
    const options: OverlayOptions[] = overlays.map(({ pixels: input, target, blend }) => ({
      input,
      raw: { width: target.width, height: target.height, channels: 4 },
      left: target.left,
      top: target.top,
      blend,
    }));
    const { data: cut } = await pixels(data).composite(options).raw().toBuffer({ resolveWithObject: true });
    return {
      image: pixels(cut).timeout({ seconds: timeoutSeconds }),
      size: { width: info.width, height: info.height },
    };
  }
  for (const { pixels: input, target, blend } of overlays) {
    const region = pixels(data)
      .extract(target)
      .composite([{ input, raw: { width: target.width, height: target.height, channels: 4 }, blend }]);
    if (layout.channels === 3) region.removeAlpha();
    const blended = await region.raw().toBuffer();
    const rowBytes = target.width * layout.channels;
    for (let row = 0; row < target.height; row += 1) {
      blended.copy(
        data,
        ((target.top + row) * layout.width + target.left) * layout.channels,
        row * rowBytes,
        (row + 1) * rowBytes,
      );
    }
  }
  return {
    image: pixels(data).timeout({ seconds: timeoutSeconds }),
    size: { width: info.width, height: info.height },
  };
}
