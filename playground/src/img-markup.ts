import { createImage, type ImgAttributes } from '../../client/image';
import type { ImgfrontLocation } from '../../client/next-loader';

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** React's attribute names as HTML writes them. */
const HTML_NAMES: Readonly<Record<string, string>> = { srcSet: 'srcset', className: 'class' };

/** `<img>` markup written from the attributes `createImage` (the client's `<Image>`) renders. */
function markup(_type: 'img', attributes: ImgAttributes): string {
  const parts = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `${HTML_NAMES[name] ?? name}="${escapeAttribute(String(value))}"`);
  return `<img\n  ${parts.join('\n  ')}\n>`;
}

export interface ResponsiveImageInput {
  readonly location: ImgfrontLocation;
  readonly path: string;
  readonly alt: string;
  readonly widths: readonly number[];
  readonly sizes: string;
}

/** The responsive `<img>` for a srcset of widths and a `sizes` attribute, as the client's `<Image>` writes it. */
export function responsiveImageMarkup(input: ResponsiveImageInput): string {
  const Image = createImage(markup, input.location);
  return Image({ src: input.path, alt: input.alt, widths: input.widths, sizes: input.sizes });
}

/** `320, 640 960` -> [320, 640, 960]: positive whole numbers, each once, in order. */
export function parseWidths(text: string): number[] {
  const widths = text
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number)
    .filter((width) => Number.isInteger(width) && width > 0 && width <= 8192);
  return [...new Set(widths)].sort((a, b) => a - b);
}
