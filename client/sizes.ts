/** One `sizes` condition: at viewports up to `maxWidth` CSS pixels wide, the image is `size` wide. */
export interface SizesRule {
  readonly maxWidth: number;
  /** A CSS length: `100vw`, `50vw`, `320px`, `calc(100vw - 2rem)`. */
  readonly size: string;
}

/**
 * The `sizes` attribute for a srcset of widths: `(max-width: 640px) 100vw, (max-width: 1024px) 50vw, 33vw`.
 * Rules are sorted narrowest first, because the browser takes the first condition that matches.
 */
export function sizes(rules: readonly SizesRule[], otherwise: string): string {
  const conditions = [...rules]
    .sort((a, b) => a.maxWidth - b.maxWidth)
    .map((rule) => `(max-width: ${rule.maxWidth}px) ${rule.size}`);
  return [...conditions, otherwise].join(', ');
}
