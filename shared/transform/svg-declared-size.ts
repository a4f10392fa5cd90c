const ROOT = /<svg\b[^>]*>/i;
const ATTRIBUTE = /\b(width|height|viewBox)\s*=\s*["']([^"']*)["']/gi;
const NUMBER = /[\d.]+(?:e[+-]?\d+)?/gi;

const largestNumberIn = (text: string | undefined): number =>
  Math.max(0, ...(text?.match(NUMBER) ?? []).map((number) => Math.abs(Number(number)) || 0));

/**
 * The largest size the root `<svg>` element declares: its `width` and `height`, and its `viewBox` where
 * one of them is missing (librsvg then sizes the image by the viewBox). librsvg reports a size past its
 * integer range as 1x1, so the probe passes and the render fails; reading the markup catches it first.
 */
export function largestDeclaredSvgSide(svg: string): number {
  const root = ROOT.exec(svg)?.[0] ?? '';
  const attributes = new Map<string, string>();
  for (const [, name = '', value = ''] of root.matchAll(ATTRIBUTE)) attributes.set(name.toLowerCase(), value);
  const { width, height, viewbox } = Object.fromEntries(attributes);
  const sides = [largestNumberIn(width), largestNumberIn(height)];
  if (width === undefined || height === undefined) sides.push(largestNumberIn(viewbox));
  return Math.max(...sides);
}
