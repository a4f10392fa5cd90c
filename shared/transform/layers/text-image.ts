import sharp, { type Sharp } from 'sharp';
import { limit } from '../../errors/image-error';
import type { Padding, Rgba, TextAlignment, Typography } from '../../url/transform-spec';
import { registerFonts, type FontChoice } from '../fonts';
import type { Size } from '../geometry';

/** ImageKit's default font size for text layers. */
export const DEFAULT_FONT_SIZE = 45;
const BLACK: Rgba = { r: 0, g: 0, b: 0, alpha: 1 };

/**
 * Pixels a text may cost before it is drawn: 144 characters at 256 px. A box's area grows with
 * characters x size², and pango draws all of it at once, so this bounds memory before rendering.
 */
const MAX_TEXT_COST = 144 * 256 * 256;

export interface TextLayerStyle {
  text: string;
  font: FontChoice;
  fontSize: number | undefined;
  colour: Rgba | undefined;
  background: Rgba | undefined;
  /** `al`: tenths of opacity for colours that carry none of their own. */
  alpha: number | undefined;
  /** `w`: lines wrap at this many pixels. */
  wrapWidth: number | undefined;
  align: TextAlignment | undefined;
  typography: Typography | undefined;
  padding: Padding | undefined;
}

/** Pango markup treats these as syntax: user text must never open a tag (`<span font="2000">`). */
const escapeMarkup = (text: string): string => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

const hex = (value: number) => Math.round(value).toString(16).padStart(2, '0');

/** A colour's alpha, or `al`'s when the colour has none of its own (ImageKit's rule). */
const withLayerAlpha = (colour: Rgba, alpha: number | undefined): Rgba =>
  alpha !== undefined && colour.alpha === 1 ? { ...colour, alpha: alpha / 10 } : colour;

/** The text drawn with its font, colour and wrapping, padded and on its background: raw RGBA. */
export async function renderText(
  style: TextLayerStyle,
  maxOutput: Size,
): Promise<{ image: Sharp; size: Size }> {
  const fontSize = style.fontSize ?? DEFAULT_FONT_SIZE;
  if (Array.from(style.text).length * fontSize * fontSize > MAX_TEXT_COST)
    throw limit('The text layer is too large: use a smaller "fs" or shorter text');
  const colour = withLayerAlpha(style.colour ?? BLACK, style.alpha);
  const weight = style.typography === 'b' || style.typography === 'b_i' ? ' Bold' : '';
  const slant = style.typography === 'i' || style.typography === 'b_i' ? ' Italic' : '';
  const markup =
    `<span foreground="#${hex(colour.r)}${hex(colour.g)}${hex(colour.b)}" ` +
    `fgalpha="${Math.max(1, Math.round(colour.alpha * 100))}%">${escapeMarkup(style.text)}</span>`;
  await registerFonts(style.font.files);
  const drawn = sharp({
    text: {
      text: markup,
      font: `${style.font.family}${weight}${slant} ${fontSize}`,
      rgba: true,
      dpi: 72,
      width: style.wrapWidth === undefined ? undefined : Math.min(style.wrapWidth, maxOutput.width),
      wrap: 'word',
      align: style.align === 'left' ? 'left' : style.align === 'right' ? 'right' : 'centre',
    },
  });
  const { data, info } = await drawn.raw().toBuffer({ resolveWithObject: true });
  const padding = style.padding ?? { top: 0, right: 0, bottom: 0, left: 0 };
  const size = {
    width: info.width + padding.left + padding.right,
    height: info.height + padding.top + padding.bottom,
  };
  if (size.width > maxOutput.width || size.height > maxOutput.height)
    throw limit('The text layer would exceed the maximum output size');
  const background = style.background
    ? withLayerAlpha(style.background, style.alpha)
    : { ...BLACK, alpha: 0 };
  const box = await sharp({ create: { ...size, channels: 4, background } })
    .composite([
      {
        input: data,
        raw: { width: info.width, height: info.height, channels: 4 },
        left: padding.left,
        top: padding.top,
      },
    ])
    .raw()
    .toBuffer();
  return { image: sharp(box, { raw: { ...size, channels: 4 } }), size };
}
