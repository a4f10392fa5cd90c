import type { LayerFocus } from '../../url/transform-spec';
import type { Region, Size } from '../geometry';

export interface LayerPosition {
  x: number | undefined;
  y: number | undefined;
  focus: LayerFocus | undefined;
}

/** Where `lfo` puts a layer along one axis: 0 = start, 0.5 = centre, 1 = end. */
function focusFractions(focus: LayerFocus | undefined): { x: number; y: number } {
  const name = focus ?? 'center';
  return {
    x: name.includes('left') ? 0 : name.includes('right') ? 1 : 0.5,
    y: name.includes('top') ? 0 : name.includes('bottom') ? 1 : 0.5,
  };
}

const clamp = (value: number, min: number, max: number) => Math.min(Math.max(value, min), max);

/**
 * One axis of `lx`/`ly`: the layer's leading edge, or (negative, ImageKit's `N` prefix) its trailing
 * edge counted from the parent's far edge; "adjusted to fit within the image" when it would not.
 */
function edge(offset: number, layer: number, parent: number): number {
  const start = offset < 0 ? parent - layer + offset : offset;
  return clamp(start, 0, Math.max(0, parent - layer));
}

/**
 * The part of the parent a layer covers, and which part of the layer shows there: a layer larger than
 * its parent is cropped to it (libvips composites only what fits). `lx`/`ly` win over `lfo`, as
 * ImageKit documents; the one not given is 0.
 */
export function placeLayer(
  layer: Size,
  parent: Size,
  position: LayerPosition,
): { target: Region; visible: Region } {
  let left: number;
  let top: number;
  if (position.x !== undefined || position.y !== undefined) {
    left = edge(position.x ?? 0, layer.width, parent.width);
    top = edge(position.y ?? 0, layer.height, parent.height);
  } else {
    const fractions = focusFractions(position.focus);
    left = Math.round((parent.width - layer.width) * fractions.x);
    top = Math.round((parent.height - layer.height) * fractions.y);
  }
  const visibleLeft = Math.max(0, -left);
  const visibleTop = Math.max(0, -top);
  const width = Math.min(layer.width - visibleLeft, parent.width - Math.max(0, left));
  const height = Math.min(layer.height - visibleTop, parent.height - Math.max(0, top));
  return {
    target: { left: Math.max(0, left), top: Math.max(0, top), width, height },
    visible: { left: visibleLeft, top: visibleTop, width, height },
  };
}
