import {
  CROP_MODES,
  CROP_STRATEGIES,
  DEFAULT_GRADIENT,
  DEFAULT_SHADOW,
  FLIP_VALUES,
  FOCUS_VALUES,
  LAYER_FOCUS_VALUES,
  LAYER_MODES,
  OUTPUT_FORMATS,
  TEXT_ALIGNMENTS,
  TYPOGRAPHY_VALUES,
  type Gradient,
  type Padding,
  type Shadow,
  type TransformField,
  type TransformStep,
} from './transform-spec';
import { booleanFlag, decimalIn, expected, formatNumber, integerIn, oneOf } from './validators';
import { hasControlCharacters } from './path';
import { formatColour, parseColour } from './colours';
import { base64ToBytes, utf8ToBase64 } from './utf8';

/**
 * THE table of transformation parameters. Parsing, canonical serialisation, the URL builder, the
 * README's reference and the parameter tests all read it. Order here is canonical order.
 *
 * Adding a parameter: add its field to `TransformStep`, a row here, its effect in `transform/`, and a
 * row in `parameters.test.ts`; the README table is regenerated with `npm run docs`.
 */
export interface ParameterDescriptor<F extends TransformField = TransformField> {
  /** URL key (ImageKit's name): `w` in `w-400`. */
  key: string;
  field: F;
  /** `value` is undefined for bare flags such as `e-grayscale`. */
  parse(value: string | undefined, key: string): NonNullable<TransformStep[F]>;
  /** Canonical text of the value; `undefined` serialises as the bare key. */
  format(value: NonNullable<TransformStep[F]>): string | undefined;
  doc: string;
  example: string;
  /**
   * Where the parameter means something: `output` (the whole image, never inside a layer), `layer`
   * (inside `l-image`/`l-text` only), `text` (inside `l-text` only); anywhere when absent.
   */
  where?: 'output' | 'layer' | 'text';
  /** Set when the value may be an arithmetic expression (`w-iw_div_2`, ImageKit's list): see `parameter-expressions.ts`. */
  expression?: ExpressionSupport;
}

/** How a row takes an expression: the computed number is written as the row's own text and parsed by it. */
export interface ExpressionSupport {
  /** The value text for a computed number (rounded as the row needs), bounds-checked by `parse`. */
  text(value: number): string;
  /** When the value holds more than the number (`b-<expression>_<colour>`): the expression part and the canonical rest. */
  split?(value: string, key: string): { expression: string; suffix: string };
}

/** Whole pixels: ImageKit's expressions size and place in pixels, so a computed value is rounded. */
const PIXELS: ExpressionSupport = { text: (value) => String(Math.round(value)) };

const define = <F extends TransformField>(descriptor: ParameterDescriptor<F>): ParameterDescriptor =>
  descriptor as unknown as ParameterDescriptor;

const dimension = decimalIn(0.0001, 100_000);
/** `auto` reads a client hint when the answer is planned (see `transform/client-hints.ts`). */
const orAuto =
  (parse: (value: string | undefined, key: string) => number) =>
  (value: string | undefined, key: string): number | 'auto' =>
    value === 'auto' ? 'auto' : parse(value, key);
const formatOrAuto = (value: number | 'auto') => (value === 'auto' ? 'auto' : formatNumber(value));
const offset = integerIn(0, 100_000);
const text = (value: string) => value;
/** ImageKit writes negative numbers with an `N` prefix (`N30`). */
const formatSigned = (value: number) => (value < 0 ? `N${formatNumber(-value)}` : formatNumber(value));

function parseBackground(value: string | undefined, key: string): NonNullable<TransformStep['background']> {
  if (value === 'dominant') return 'dominant';
  const blurred = value === undefined ? null : /^blurred(?:_([^_]+)(?:_([^_]+))?)?$/.exec(value);
  if (!blurred) return parseColour(value, key);
  const [, intensity = 'auto', brightness = '0'] = blurred;
  const darker = brightness.startsWith('N');
  const amount = integerIn(0, 255)(darker ? brightness.slice(1) : brightness, key);
  return {
    intensity: intensity === 'auto' ? 'auto' : integerIn(0, 100)(intensity, key),
    brightness: darker && amount > 0 ? -amount : amount,
  };
}

/** `N`-prefixed integers within ±`max` (`x-N10`). */
function signedIntegerUpTo(max: number, value: string | undefined, key: string): number {
  const negative = value?.startsWith('N') ?? false;
  const amount = integerIn(0, max)(negative ? value?.slice(1) : value, key);
  return negative && amount > 0 ? -amount : amount;
}

/** `e-shadow[-bl-<n>_st-<n>_x-<n>_y-<n>]`: any of the four, in any order, each once. */
function parseShadow(value: string | undefined, key: string): Shadow {
  const shadow: Shadow = { ...DEFAULT_SHADOW };
  const seen = new Set<string>();
  for (const option of value === undefined ? [] : value.split('_')) {
    const match = /^(bl|st|x|y)-(.*)$/.exec(option);
    if (!match || seen.has(match[1] ?? ''))
      throw expected('bl-, st-, x- or y- options joined by "_"', key, value);
    const [, name, amount] = match;
    seen.add(name ?? '');
    if (name === 'bl') shadow.blur = integerIn(0, 15)(amount, key);
    else if (name === 'st') shadow.saturation = integerIn(0, 100)(amount, key);
    else if (name === 'x') shadow.x = signedIntegerUpTo(100, amount, key);
    else shadow.y = signedIntegerUpTo(100, amount, key);
  }
  return shadow;
}

/** ImageKit's named directions for `ld`, as angles (`topleft` is how its docs spell one of them). */
const GRADIENT_DIRECTIONS: Readonly<Record<string, number>> = Object.freeze({
  top: 0,
  top_right: 45,
  right: 90,
  bottom_right: 135,
  bottom: 180,
  bottom_left: 225,
  left: 270,
  top_left: 315,
  topleft: 315,
});

/** `sp`: a fraction 0.01-0.99 (or 1, the whole line), or a whole number of pixels above 1. */
function parseStopPoint(value: string | undefined, key: string): number {
  const stop = decimalIn(0.01, 100_000)(value, key);
  if (stop > 0.99 && stop !== Math.floor(stop))
    throw expected('a fraction 0.01-0.99 or whole pixels for sp', key, value);
  return stop;
}

/**
 * `e-gradient[-ld-<dir>_from-<colour>_to-<colour>_sp-<stop>]`: any of the four, in any order, each
 * once. `ld` values hold `_` themselves (`top_right`), so a part that names no option continues the last.
 */
function parseGradient(value: string | undefined, key: string): Gradient {
  const gradient: Gradient = { ...DEFAULT_GRADIENT };
  const options: string[] = [];
  for (const part of value === undefined ? [] : value.split('_')) {
    if (/^(ld|from|to|sp)-/.test(part) || options.length === 0) options.push(part);
    else options[options.length - 1] += `_${part}`;
  }
  const seen = new Set<string>();
  for (const option of options) {
    const match = /^(ld|from|to|sp)-(.*)$/.exec(option);
    const name = match?.[1] ?? '';
    if (!match || seen.has(name)) throw expected('ld-, from-, to- or sp- options joined by "_"', key, value);
    seen.add(name);
    const argument = match[2];
    if (name === 'ld') {
      // `hasOwn`, so inherited names such as "constructor" are never taken for directions.
      const named =
        argument !== undefined && Object.hasOwn(GRADIENT_DIRECTIONS, argument)
          ? GRADIENT_DIRECTIONS[argument]
          : undefined;
      gradient.angle = named ?? integerIn(0, 359)(argument, key);
    } else if (name === 'from') gradient.from = parseColour(argument, key);
    else if (name === 'to') gradient.to = parseColour(argument, key);
    else gradient.stop = parseStopPoint(argument, key);
  }
  return gradient;
}

/** A layer's `i-` input as written: a file path (`@@` for folders), `ik_canvas` or text. */
function parseLayerInput(value: string | undefined, key: string): string {
  if (!value || value.length > 1024 || hasControlCharacters(value))
    throw expected('a file path, ik_canvas or text', key, value);
  return value;
}

/** `ie-`: standard or URL-safe base64 of UTF-8 text; anything else is refused, never guessed at. */
function parseEncodedInput(value: string | undefined, key: string): string {
  const base64 = value?.replace(/-/g, '+').replace(/_/g, '/');
  if (!base64 || base64.length > 1024 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 === 1)
    throw expected('base64 text', key, value);
  let decoded: string;
  try {
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(base64ToBytes(base64));
  } catch {
    throw expected('base64 of UTF-8 text', key, value);
  }
  if (decoded === '' || hasControlCharacters(decoded)) throw expected('base64 of printable text', key, value);
  return decoded;
}

/** CSS shorthand: `10`, `10_20`, `10_20_30` or `10_20_30_40` (top, right, bottom, left). */
function parsePadding(value: string | undefined, key: string): Padding {
  const parts = value?.split('_') ?? [];
  if (parts.length < 1 || parts.length > 4) throw expected('1-4 paddings joined by "_"', key, value);
  const [top = 0, right = top, bottom = top, left = right] = parts.map((part) =>
    integerIn(0, 1000)(part, key),
  );
  return { top, right, bottom, left };
}

/** The shortest CSS shorthand for four sides. */
function formatPadding({ top, right, bottom, left }: Padding): string {
  const sides =
    left !== right
      ? [top, right, bottom, left]
      : bottom !== top
        ? [top, right, bottom]
        : right !== top
          ? [top, right]
          : [top];
  return sides.map(formatNumber).join('_');
}

/** A built-in font name or a font file path (`@@` for folders). */
function parseFontFamily(value: string | undefined, key: string): string {
  if (!value || !/^[A-Za-z0-9 _.@-]{1,128}$/.test(value))
    throw expected('a font name or font file path', key, value);
  return value;
}

/** A parameter that takes no value (`e-grayscale`). */
const bareFlag = (value: string | undefined, key: string): true => {
  if (value !== undefined) throw expected('no value', key, value);
  return true;
};
const MAX_BORDER = 1000;
/** `b-ch_mod_5_yellow`: the colour follows the last `_` (colours hold none). */
const BORDER_EXPRESSION: ExpressionSupport = {
  ...PIXELS,
  split(value, key) {
    const at = value.lastIndexOf('_');
    if (at < 0) throw expected('a border <expression>_<colour> such as ch_mod_5_yellow', key, value);
    return {
      expression: value.slice(0, at),
      suffix: `_${formatColour(parseColour(value.slice(at + 1), key))}`,
    };
  },
};
/** `lx`/`ly`: a computed negative counts from the far edge, written with ImageKit's `N`. */
const SIGNED_PIXELS: ExpressionSupport = { text: (value) => formatSigned(Math.round(value)) };
/** Half the largest output side: no corner can be rounder than that. */
const MAX_RADIUS = 4096;

export const PARAMETERS: readonly ParameterDescriptor[] = [
  define({
    key: 'n',
    field: 'named',
    parse: (value, key) => {
      if (value === undefined || !/^[A-Za-z0-9_-]{1,64}$/.test(value))
        throw expected('a transformation name', key, value);
      return value;
    },
    format: text,
    doc: "Named transformation from the endpoint's settings.",
    example: 'n-thumb',
    where: 'output',
  }),
  define({
    key: 'w',
    field: 'width',
    parse: orAuto(dimension),
    format: formatOrAuto,
    doc: 'Width in pixels; below 1, a fraction of the input width; `auto` takes the `Sec-CH-Width` (or `Width`) client hint rounded up to the next 100, else `Sec-CH-Viewport-Width` times the DPR, else no width.',
    example: 'w-400',
    expression: PIXELS,
  }),
  define({
    key: 'h',
    field: 'height',
    parse: dimension,
    format: formatNumber,
    doc: 'Height in pixels; below 1, a fraction of the input height.',
    example: 'h-300',
    expression: PIXELS,
  }),
  define({
    key: 'ar',
    field: 'aspectRatio',
    parse: (value, key) => {
      const match =
        value === undefined ? null : /^(\d{1,5}(?:\.\d{1,4})?)-(\d{1,5}(?:\.\d{1,4})?)$/.exec(value);
      const width = Number(match?.[1]);
      const height = Number(match?.[2]);
      if (!match || !(width > 0) || !(height > 0)) throw expected('an aspect ratio such as 4-3', key, value);
      return { width, height };
    },
    format: (ratio) => `${formatNumber(ratio.width)}-${formatNumber(ratio.height)}`,
    doc: 'Aspect ratio `W-H`, used with one of `w` or `h`.',
    example: 'ar-4-3',
    expression: { text: (ratio) => `${formatNumber(Number(ratio.toFixed(4)))}-1` },
  }),
  define({
    key: 'c',
    field: 'crop',
    parse: oneOf(CROP_STRATEGIES),
    format: text,
    doc: `Crop strategy: ${CROP_STRATEGIES.join(', ')}.`,
    example: 'c-at_max',
  }),
  define({
    key: 'cm',
    field: 'cropMode',
    parse: oneOf(CROP_MODES),
    format: text,
    doc: `Crop mode: ${CROP_MODES.join(', ')}.`,
    example: 'cm-pad_resize',
  }),
  define({
    key: 'fo',
    field: 'focus',
    parse: oneOf(FOCUS_VALUES),
    format: text,
    doc: 'Focus for crops: a side or corner, `auto` (saliency), `custom` (with `x`/`y` or `xc`/`yc`), or `face` (faces found by Amazon Rekognition; the endpoint needs `settings.faceDetection`).',
    example: 'fo-auto',
  }),
  define({
    key: 'z',
    field: 'zoom',
    parse: decimalIn(0.01, 10),
    format: formatNumber,
    doc: 'Zoom 0.01-10 around the faces of `fo-face` (needs it): above 1 closer, below 1 more of the surroundings (default 1).',
    example: 'z-2,fo-face',
  }),
  define({
    key: 'x',
    field: 'x',
    parse: offset,
    format: formatNumber,
    doc: 'Left edge of the focus/extract area.',
    example: 'x-10',
    expression: PIXELS,
  }),
  define({
    key: 'y',
    field: 'y',
    parse: offset,
    format: formatNumber,
    doc: 'Top edge of the focus/extract area.',
    example: 'y-10',
    expression: PIXELS,
  }),
  define({
    key: 'xc',
    field: 'xCenter',
    parse: offset,
    format: formatNumber,
    doc: 'Horizontal centre of the focus area.',
    example: 'xc-200',
    expression: PIXELS,
  }),
  define({
    key: 'yc',
    field: 'yCenter',
    parse: offset,
    format: formatNumber,
    doc: 'Vertical centre of the focus area.',
    example: 'yc-150',
    expression: PIXELS,
  }),
  define({
    key: 'dpr',
    field: 'dpr',
    parse: orAuto(decimalIn(0.1, 5)),
    format: formatOrAuto,
    doc: 'Device pixel ratio 0.1-5; multiplies `w` and `h`; `auto` takes the `Sec-CH-DPR` (or `DPR`) client hint, else 1.',
    example: 'dpr-2',
  }),
  define({
    key: 't',
    field: 'trim',
    parse: (value, key) =>
      value === 'true' ? true : value === 'false' ? false : integerIn(1, 99)(value, key),
    format: (value) => (typeof value === 'boolean' ? String(value) : formatNumber(value)),
    doc: 'Trim uniform borders: `true` or a threshold 1-99; `false` keeps an image layer untrimmed (they trim by default).',
    example: 't-true',
  }),
  define({
    key: 'rt',
    field: 'rotate',
    parse: (value, key) => {
      if (value === 'auto') return 'auto';
      const match = value === undefined ? null : /^(N?)(\d{1,3}(?:\.\d{1,3})?)$/.exec(value);
      const degrees = Number(match?.[2]);
      if (!match || degrees > 360)
        throw expected('an angle 0-360 (N prefix for counter-clockwise) or auto', key, value);
      return match[1] ? -degrees : degrees;
    },
    format: (value) =>
      value === 'auto' ? 'auto' : value < 0 ? `N${formatNumber(-value)}` : formatNumber(value),
    doc: 'Rotate clockwise by any angle; `N` prefix rotates counter-clockwise; `auto` uses EXIF.',
    example: 'rt-90',
  }),
  define({
    key: 'fl',
    field: 'flip',
    parse: oneOf(FLIP_VALUES),
    format: text,
    doc: 'Flip horizontally (`h`), vertically (`v`) or both (`h_v`).',
    example: 'fl-h',
  }),
  define({
    key: 'bg',
    field: 'background',
    parse: parseBackground,
    format: (value) =>
      value === 'dominant'
        ? 'dominant'
        : 'r' in value
          ? formatColour(value)
          : `blurred_${value.intensity === 'auto' ? 'auto' : formatNumber(value.intensity)}_${formatSigned(value.brightness)}`,
    doc: 'Background/padding colour: a colour name (`red`), `RRGGBB`, or `RRGGBBAA` with opacity 00-99; with `cm-pad_resize` also `blurred[_<0-100|auto>[_<N255-255>]]` or `dominant`.',
    example: 'bg-FF0000',
  }),
  define({
    key: 'bl',
    field: 'blur',
    parse: integerIn(1, 100),
    format: formatNumber,
    doc: 'Gaussian blur 1-100.',
    example: 'bl-10',
  }),
  define({
    key: 'e-sharpen',
    field: 'sharpen',
    parse: (value, key) => (value === undefined ? true : decimalIn(0.01, 10)(value, key)),
    format: (value) => (value === true ? undefined : formatNumber(value)),
    doc: 'Sharpen; optional amount 0.01-10.',
    example: 'e-sharpen',
  }),
  define({
    key: 'e-usm',
    field: 'unsharpMask',
    parse: (value, key) => {
      const parts = value?.split('-') ?? [];
      if (parts.length !== 4)
        throw expected('radius-sigma-amount-threshold such as 2-2-0.8-0.024', key, value);
      const [radius, sigma, amount, threshold] = parts;
      return {
        radius: decimalIn(0, 100)(radius, key),
        sigma: decimalIn(0, 10)(sigma, key),
        amount: decimalIn(0, 10)(amount, key),
        threshold: decimalIn(0, 1)(threshold, key),
      };
    },
    format: ({ radius, sigma, amount, threshold }) =>
      [radius, sigma, amount, threshold].map(formatNumber).join('-'),
    doc: 'Unsharp mask `<radius>-<sigma>-<amount>-<threshold>`: radius 0-100 (sets the sigma when it is 0), sigma 0-10, amount 0-10, threshold 0-1.',
    example: 'e-usm-2-2-0.8-0.024',
  }),
  define({
    key: 'e-shadow',
    field: 'shadow',
    parse: parseShadow,
    // The canonical form always names all four, so `e-shadow` and its defaults share one cache key.
    format: ({ blur, saturation, x, y }) =>
      `bl-${formatNumber(blur)}_st-${formatNumber(saturation)}_x-${formatSigned(x)}_y-${formatSigned(y)}`,
    doc: 'Shadow under the non-transparent pixels: `bl-<0-15>` (10), `st-<0-100>` (30), `x-`/`y-<N100-100>` % of the width (2), joined by `_`; images up to 2 MP.',
    example: 'e-shadow-bl-15_st-40_x-10_y-N5',
  }),
  define({
    key: 'e-gradient',
    field: 'gradient',
    parse: parseGradient,
    // All four always, so `e-gradient` and its spelled-out defaults share one cache key.
    format: ({ angle, from, to, stop }) =>
      `ld-${formatNumber(angle)}_from-${formatColour(from)}_to-${formatColour(to)}_sp-${formatNumber(stop)}`,
    doc: 'Linear gradient over the image: `ld-<0-359 or top, top_right, right, bottom_right, bottom, bottom_left, left, top_left>` (180), `from-<colour>` (FFFFFF), `to-<colour>` (00000000), `sp-<0.01-1 fraction or pixels>` (1), joined by `_`.',
    example: 'e-gradient-ld-top_right_from-FF000040_to-00FF0040_sp-0.9',
  }),
  define({
    key: 'e-grayscale',
    field: 'grayscale',
    parse: bareFlag,
    format: () => undefined,
    doc: 'Convert to grayscale.',
    example: 'e-grayscale',
  }),
  define({
    key: 'e-contrast',
    field: 'contrast',
    parse: bareFlag,
    format: () => undefined,
    doc: 'Contrast stretch: spread the intensities over the full range.',
    example: 'e-contrast',
  }),
  define({
    key: 'b',
    field: 'border',
    parse: (value, key) => {
      const match = value === undefined ? null : /^([^_]*)_(.*)$/.exec(value);
      if (!match) throw expected(`a border width_colour such as 5_FF0000`, key, value);
      return { width: integerIn(1, MAX_BORDER)(match[1], key), colour: parseColour(match[2], key) };
    },
    format: (border) => `${formatNumber(border.width)}_${formatColour(border.colour)}`,
    doc: `Border \`<width>_<colour>\`: 1-${MAX_BORDER} px added on every side (the output grows by twice the width).`,
    example: 'b-5_FFF000',
    expression: BORDER_EXPRESSION,
  }),
  define({
    key: 'r',
    field: 'radius',
    parse: (value, key) => (value === 'max' ? 'max' : integerIn(1, MAX_RADIUS)(value, key)),
    format: (value) => (value === 'max' ? 'max' : formatNumber(value)),
    doc: `Rounded corners: radius 1-${MAX_RADIUS} px, or \`max\` for a circle/ellipse; transparent corners (bg or white in JPEG).`,
    example: 'r-20',
  }),
  define({
    key: 'o',
    field: 'opacity',
    parse: integerIn(0, 100),
    format: formatNumber,
    doc: 'Opacity 0-100: multiplies the alpha; with `bg`, blends the image onto that colour (opaque).',
    example: 'o-50',
  }),
  define({
    key: 'f',
    field: 'format',
    parse: oneOf(OUTPUT_FORMATS, { jpg: 'jpeg' }),
    format: text,
    doc: 'Output format: auto (by `Accept`), webp, avif, jpg/jpeg, png, gif, orig.',
    example: 'f-webp',
    where: 'output',
  }),
  define({
    key: 'q',
    field: 'quality',
    parse: (value, key) => (value === 'auto' ? 'auto' : integerIn(1, 100)(value, key)),
    format: (value) => (value === 'auto' ? 'auto' : formatNumber(value)),
    doc: "Quality 1-100, or `auto`: the lowest quality whose SSIM meets the endpoint's `autoQuality.target`.",
    example: 'q-75',
  }),
  define({
    key: 'pr',
    field: 'progressive',
    parse: booleanFlag,
    format: String,
    doc: 'Progressive JPEG / interlaced PNG and GIF.',
    example: 'pr-true',
    where: 'output',
  }),
  define({
    key: 'lo',
    field: 'lossless',
    parse: booleanFlag,
    format: String,
    doc: 'Lossless WebP/AVIF.',
    example: 'lo-true',
    where: 'output',
  }),
  define({
    key: 'md',
    field: 'keepMetadata',
    parse: booleanFlag,
    format: String,
    doc: 'Keep metadata (EXIF, XMP); stripped by default.',
    example: 'md-true',
    where: 'output',
  }),
  define({
    key: 'cp',
    field: 'keepColorProfile',
    parse: booleanFlag,
    format: String,
    doc: 'Keep the original ICC profile instead of converting to sRGB.',
    example: 'cp-true',
    where: 'output',
  }),
  define({
    key: 'orig',
    field: 'original',
    parse: booleanFlag,
    format: String,
    doc: 'Return the original bytes untouched.',
    example: 'orig-true',
    where: 'output',
  }),
  define({
    key: 'di',
    field: 'defaultImage',
    parse: (value, key) => {
      if (!value || value.length > 512 || /[/\\]/.test(value) || hasControlCharacters(value)) {
        throw expected('a file path with @@ for folders', key, value);
      }
      return value.split('@@').join('/');
    },
    format: (value) => value.split('/').join('@@'),
    doc: 'Image served when the original is missing; `@@` separates folders.',
    example: 'di-fallback@@missing.jpg',
    where: 'output',
  }),
  define({
    key: 'i',
    field: 'layerInput',
    parse: parseLayerInput,
    format: text,
    doc: 'Layer input: an image path inside the endpoint (`@@` for `/`), `ik_canvas` for a solid block (`l-image`), or the text (`l-text`, up to 144 characters).',
    example: 'i-logo.png',
    where: 'layer',
  }),
  define({
    key: 'ie',
    field: 'layerEncodedInput',
    parse: parseEncodedInput,
    format: utf8ToBase64,
    doc: 'Layer input in base64 (standard or URL-safe), for text or paths a URL cannot carry; wins over `i`.',
    example: 'ie-aGVsbG8=',
    where: 'layer',
  }),
  define({
    key: 'lx',
    field: 'layerX',
    parse: (value, key) => signedIntegerUpTo(100_000, value, key),
    format: formatSigned,
    doc: "Layer's left edge in its parent; `N` prefix counts from the right edge. Kept inside the parent.",
    example: 'lx-20',
    where: 'layer',
    expression: SIGNED_PIXELS,
  }),
  define({
    key: 'ly',
    field: 'layerY',
    parse: (value, key) => signedIntegerUpTo(100_000, value, key),
    format: formatSigned,
    doc: "Layer's top edge in its parent; `N` prefix counts from the bottom edge. Kept inside the parent.",
    example: 'ly-N20',
    where: 'layer',
    expression: SIGNED_PIXELS,
  }),
  define({
    key: 'lfo',
    field: 'layerFocus',
    parse: oneOf(LAYER_FOCUS_VALUES),
    format: text,
    doc: `Layer position in its parent when \`lx\`/\`ly\` are absent: ${LAYER_FOCUS_VALUES.join(', ')} (default center).`,
    example: 'lfo-bottom_right',
    where: 'layer',
  }),
  define({
    key: 'lm',
    field: 'layerMode',
    parse: oneOf(LAYER_MODES),
    format: text,
    doc: "Layer mode: `multiply` blends, `cutout` cuts the layer's shape out of the parent, `cutter` keeps only the parent under it; `displace` is refused (no displacement maps in libvips).",
    example: 'lm-multiply',
    where: 'layer',
  }),
  define({
    key: 'al',
    field: 'layerAlpha',
    parse: integerIn(1, 9),
    format: formatNumber,
    doc: "Opacity 1-9 (tenths) of a text or `ik_canvas` layer's colours that have no alpha of their own.",
    example: 'al-5',
    where: 'layer',
  }),
  define({
    key: 'fs',
    field: 'fontSize',
    parse: integerIn(1, 512),
    format: formatNumber,
    doc: 'Font size in pixels, 1-512 (default 45).',
    example: 'fs-45',
    where: 'text',
    expression: PIXELS,
  }),
  define({
    key: 'ff',
    field: 'fontFamily',
    parse: parseFontFamily,
    format: text,
    doc: 'Font: a built-in name (see "Fonts") or a TTF/OTF path inside the endpoint (`@@` for `/`).',
    example: 'ff-DejaVuSerif',
    where: 'text',
  }),
  define({
    key: 'co',
    field: 'textColour',
    parse: parseColour,
    format: formatColour,
    doc: 'Text colour: a name, `RRGGBB` or `RRGGBBAA` (opacity 00-99); default black.',
    example: 'co-FFFFFF',
    where: 'text',
  }),
  define({
    key: 'ia',
    field: 'textAlign',
    parse: oneOf(TEXT_ALIGNMENTS),
    format: text,
    doc: 'Alignment of wrapped lines: left, right or center (default).',
    example: 'ia-left',
    where: 'text',
  }),
  define({
    key: 'tg',
    field: 'typography',
    parse: oneOf(TYPOGRAPHY_VALUES),
    format: text,
    doc: 'Typography: `b` bold, `i` italic, `b_i` both.',
    example: 'tg-b',
    where: 'text',
  }),
  define({
    key: 'pa',
    field: 'padding',
    parse: parsePadding,
    format: formatPadding,
    doc: 'Padding around the text, CSS shorthand joined by `_` (`10`, `10_20`, `10_20_30`, `10_20_30_40`), 0-1000 px.',
    example: 'pa-10_20',
    where: 'text',
    expression: PIXELS,
  }),
];

/** Longest keys first, so `e-sharpen-5` never matches a shorter key. */
export const PARAMETERS_BY_KEY_LENGTH = [...PARAMETERS].sort((a, b) => b.key.length - a.key.length);
