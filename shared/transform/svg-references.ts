/**
 * How many shapes an SVG's `<use>` references expand to, read from its markup without rendering it.
 * librsvg expands every `<use>` it meets, so ten `<use>`s of a group holding ten `<use>`s of the next
 * one reach 10^6 shapes from a few hundred bytes (a "use bomb") and burn seconds of CPU that neither
 * sharp's timeout nor the request deadline can interrupt.
 *
 * The reading is deliberately coarse (tags by pattern, not a full XML parse, and every `<use>` counted
 * as rendered, in `<defs>` or not): it may overcount what a renderer expands, never undercount it. A
 * reference cycle, and nesting or chains deeper than `MAX_DEPTH`, count as infinite.
 */
const TAG = /<(\/?)([A-Za-z_][\w:.-]*)([^>]*?)(\/?)>/g;
const ID = /\bid\s*=\s*["']([^"']+)["']/;
const HREF = /\b(?:xlink:)?href\s*=\s*["']\s*#([^"']+)["']/;
/** Deeper element nesting or reference chains than this count as infinite: no real drawing needs them. */
const MAX_DEPTH = 256;

export function expandedUseCount(svg: string): number {
  /** For each element id, the targets of every `<use>` in its subtree. */
  const usesInside = new Map<string, string[]>();
  const allUses: string[] = [];
  /** Ids of the open elements (undefined for elements without one). */
  const open: (string | undefined)[] = [];

  for (const [, closing, name, attributes = '', selfClosing] of svg.matchAll(TAG)) {
    if (closing) {
      open.pop();
      continue;
    }
    const target = name === 'use' ? HREF.exec(attributes)?.[1] : undefined;
    if (target !== undefined) {
      allUses.push(target);
      for (const ancestor of new Set(open)) {
        if (ancestor === undefined) continue;
        const targets = usesInside.get(ancestor);
        if (targets) targets.push(target);
        else usesInside.set(ancestor, [target]);
      }
    }
    if (!selfClosing) open.push(ID.exec(attributes)?.[1]);
    if (open.length > MAX_DEPTH) return Infinity;
  }

  const cost = new Map<string, number>();
  const visiting = new Set<string>();
  const expand = (id: string): number => {
    const known = cost.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id) || visiting.size >= MAX_DEPTH) return Infinity;
    visiting.add(id);
    const total = (usesInside.get(id) ?? []).reduce((sum, target) => sum + expand(target), 1);
    visiting.delete(id);
    cost.set(id, total);
    return total;
  };
  return allUses.reduce((sum, target) => sum + expand(target), 0);
}
