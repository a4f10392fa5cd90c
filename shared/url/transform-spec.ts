/**
 * The canonical transform spec every URL dialect parses into. A request is a chain of steps applied
 * in order; each step is a set of optional, already-validated fields.
 */

export const CROP_STRATEGIES = [
  'maintain_ratio',
  'maintain_ratio_no_enlarge',
  'force',
  'at_max',
  'at_max_enlarge',
  'at_least',
] as const;
export type CropStrategy = (typeof CROP_STRATEGIES)[number];

export const CROP_MODES = ['pad_resize', 'pad_resize_no_enlarge', 'extract', 'pad_extract'] as const;
export type CropMode = (typeof CROP_MODES)[number];

export const FOCUS_VALUES = [
  'center',
  'top',
  'left',
  'bottom',
  'right',
  'top_left',
  'top_right',
  'bottom_left',
  'bottom_right',
  'auto',
  'custom',
  'face',
] as const;
export type Focus = (typeof FOCUS_VALUES)[number];

export const OUTPUT_FORMATS = ['auto', 'webp', 'avif', 'jpeg', 'png', 'gif', 'orig'] as const;
export type RequestedFormat = (typeof OUTPUT_FORMATS)[number];

export const FLIP_VALUES = ['h', 'v', 'h_v'] as const;
export type Flip = (typeof FLIP_VALUES)[number];

export interface Rgba {
  r: number;
  g: number;
  b: number;
  /** 0-1 */
  alpha: number;
}

/** ImageKit's `e-usm-<radius>-<sigma>-<amount>-<threshold>`, ImageMagick's unsharp-mask arguments. */
/** `e-shadow`: a shadow cast by the non-transparent pixels, behind them. */
export interface Shadow {
  /** Blur 0-15. @default 10 */
  blur: number;
  /** Saturation (darkness) 0-100. @default 30 */
  saturation: number;
  /** Offsets in percent of the image width, -100 to 100. @default 2 */
  x: number;
  y: number;
}

export const DEFAULT_SHADOW: Readonly<Shadow> = { blur: 10, saturation: 30, x: 2, y: 2 };

export interface UnsharpMask {
  /** Pixels; only used to derive the sigma when `sigma` is 0. */
  radius: number;
  sigma: number;
  /** Gain: the fraction of the difference to the blurred image added back. */
  amount: number;
  /** 0-1: differences below this fraction of full intensity are left alone. */
  threshold: number;
}

/** `e-gradient`: a two-colour linear gradient laid over the image (ImageKit's defaults below). */
export interface Gradient {
  /** Direction in degrees, clockwise from "towards the top" (CSS `linear-gradient` angles). @default 180 */
  angle: number;
  /** Colour at the start of the gradient line. @default opaque white */
  from: Rgba;
  /** Colour from the stop point on. @default transparent black */
  to: Rgba;
  /** Where `to` is reached: up to 1 a fraction of the gradient line, above 1 pixels. @default 1 */
  stop: number;
}

export const DEFAULT_GRADIENT: Readonly<Gradient> = {
  angle: 180,
  from: { r: 255, g: 255, b: 255, alpha: 1 },
  to: { r: 0, g: 0, b: 0, alpha: 0 },
  stop: 1,
};

/** `bg-blurred[_<intensity>[_<brightness>]]`: padding filled with a blurred copy of the image. */
export interface BlurredBackground {
  /** 0-100 like `bl`, or `auto` (from the output size). */
  intensity: number | 'auto';
  /** -255 to 255, added to every channel. */
  brightness: number;
}

/** A colour, a blurred copy of the image, or its dominant colour (the last two for `cm-pad_resize`). */
export type Background = Rgba | BlurredBackground | 'dominant';

/** The colour of a background, when it is one colour. */
export const solidColour = (background: Background | undefined): Rgba | undefined =>
  typeof background === 'object' && 'r' in background ? background : undefined;

export interface Border {
  /** Pixels added on every side. */
  width: number;
  colour: Rgba;
}

export interface AspectRatio {
  width: number;
  height: number;
}

export interface TransformStep {
  /**
   * Pixels, or a fraction of the input when below 1; `auto` (`w-auto`) until the client hints are read
   * at plan time (`transform/client-hints.ts`), and treated as absent where no hint resolved it.
   */
  width?: number | 'auto';
  height?: number;
  aspectRatio?: AspectRatio;
  crop?: CropStrategy;
  cropMode?: CropMode;
  focus?: Focus;
  /** `z`, with `fo-face`: above 1 zooms in on the faces, below 1 takes in more around them. */
  zoom?: number;
  x?: number;
  y?: number;
  xCenter?: number;
  yCenter?: number;
  /** 1-100, or `auto`: the lowest quality that keeps the endpoint's similarity target. */
  quality?: number | 'auto';
  format?: RequestedFormat;
  background?: Background;
  /** Degrees clockwise (negative = counter-clockwise), or `auto` (EXIF, always applied anyway). */
  rotate?: number | 'auto';
  flip?: Flip;
  blur?: number;
  /** `true` for sharp's default sharpening, or a sigma-like amount. */
  sharpen?: true | number;
  grayscale?: true;
  /** Contrast stretch to the full intensity range. */
  contrast?: true;
  unsharpMask?: UnsharpMask;
  shadow?: Shadow;
  gradient?: Gradient;
  border?: Border;
  /** Opacity 0-100 (100 changes nothing); with `background`, the image is blended onto it. */
  opacity?: number;
  /** Corner radius in pixels, or `max` for a circle/ellipse. */
  radius?: number | 'max';
  /** `auto` (`dpr-auto`) until the client hints are read at plan time; absent (1) where none resolved it. */
  dpr?: number | 'auto';
  progressive?: boolean;
  lossless?: boolean;
  /** `true` for the default threshold, a threshold 1-99, or `false` (image layers trim by default). */
  trim?: boolean | number;
  keepMetadata?: boolean;
  keepColorProfile?: boolean;
  original?: boolean;
  /** A named transformation, expanded from the endpoint's settings after resolution. */
  named?: string;
  /** Path (inside the endpoint) served when the original is missing. */
  defaultImage?: string;
  /** Layers composited onto the result of this step, in URL order, after its own operations. */
  layers?: Layer[];
  /** `if-<test>,<chain>[,if-else,<chain>],if-end`: a step holding one holds nothing else. */
  condition?: Condition;
  /** Values given as arithmetic expressions (`w-iw_div_2`), computed just before the step runs. */
  expressions?: Partial<Record<TransformField, ParameterExpression>>;

  // Layer-only fields: valid inside `l-...,l-end` (see `where` in the parameter table).
  /** `i-`: a path inside the endpoint (`@@` for `/`), `ik_canvas`, or the text of a text layer. */
  layerInput?: string;
  /** `ie-`: the same, base64-decoded; wins over `i-` when both are given. */
  layerEncodedInput?: string;
  /** `lx`/`ly`: the layer's top-left corner in its parent; negative counts from the right/bottom. */
  layerX?: number;
  layerY?: number;
  layerFocus?: LayerFocus;
  layerMode?: LayerMode;
  /** `al`: opacity 1-9 tenths for colours without their own alpha (text, background). */
  layerAlpha?: number;
  fontSize?: number;
  /** A built-in font name, or a font file path inside the endpoint (`@@` for `/`). */
  fontFamily?: string;
  textColour?: Rgba;
  textAlign?: TextAlignment;
  typography?: Typography;
  padding?: Padding;
}

export type TransformField = keyof TransformStep;

/** A number a step gives, where `auto` no client hint resolved counts as not given (the documented fallback). */
export const givenNumber = (value: number | 'auto' | undefined): number | undefined =>
  value === 'auto' ? undefined : value;

/** `l-image` (an image from the endpoint, or `i-ik_canvas` for a solid block) or `l-text`. */
export const LAYER_TYPES = ['image', 'text'] as const;
export type LayerType = (typeof LAYER_TYPES)[number];

/** The `i-` value that makes an image layer a solid colour block instead of a file. */
export const CANVAS_INPUT = 'ik_canvas';

/**
 * A layer: its own chain of steps (which may hold nested layers), rendered on its own and then
 * composited onto the step that holds it. Layer-only fields (input, position, text style) sit in its
 * steps like any other field.
 */
export interface Layer {
  type: LayerType;
  steps: TransformStep[];
}

export const LAYER_FOCUS_VALUES = [
  'center',
  'top',
  'left',
  'bottom',
  'right',
  'top_left',
  'top_right',
  'bottom_left',
  'bottom_right',
] as const;
export type LayerFocus = (typeof LAYER_FOCUS_VALUES)[number];

/** How a layer meets its parent: `multiply` blends, `cutout` cuts its shape out, `cutter` keeps only it. */
export const LAYER_MODES = ['multiply', 'cutout', 'cutter', 'displace'] as const;
export type LayerMode = (typeof LAYER_MODES)[number];

export const TEXT_ALIGNMENTS = ['left', 'right', 'center'] as const;
export type TextAlignment = (typeof TEXT_ALIGNMENTS)[number];

export const TYPOGRAPHY_VALUES = ['b', 'i', 'b_i'] as const;
export type Typography = (typeof TYPOGRAPHY_VALUES)[number];

/** CSS-shorthand padding, resolved to four sides. */
export interface Padding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The image properties a condition can test (ImageKit): current `w`/`h`/`ar`, original `iw`/`ih`/`iar`. */
export const CONDITION_PROPERTIES = ['w', 'h', 'ar', 'iw', 'ih', 'iar'] as const;
export type ConditionProperty = (typeof CONDITION_PROPERTIES)[number];

export const COMPARISON_OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

/** `ar_lt_4-3`: the value is `numerator / denominator` (1 for plain numbers), kept exact. */
export interface Comparison {
  property: ConditionProperty;
  operator: ComparisonOperator;
  numerator: number;
  denominator: number;
}

/** An if block. `test` is OR over ANDs (`and` binds tighter): true when any group holds entirely. */
export interface Condition {
  test: Comparison[][];
  then: TransformStep[];
  else: TransformStep[];
}

/** Expression variables (ImageKit): initial `i*`, current `c*`, and inside a layer the base `b*`. */
export const EXPRESSION_VARIABLES = ['iw', 'ih', 'iar', 'cw', 'ch', 'car', 'bw', 'bh', 'bar'] as const;
export type ExpressionVariable = (typeof EXPRESSION_VARIABLES)[number];

export const ARITHMETIC_OPERATORS = ['add', 'sub', 'mul', 'div', 'mod', 'pow'] as const;
export type ArithmeticOperator = (typeof ARITHMETIC_OPERATORS)[number];

/** An arithmetic expression tree, built with ImageKit's precedence (see `expressions.ts`). */
export type Expression =
  | { number: number }
  | { variable: ExpressionVariable }
  | { operator: ArithmeticOperator; left: Expression; right: Expression };

/** A parameter value given as an expression; `suffix` is the rest of the value (`_FFFF00` in `b-`), canonical. */
export interface ParameterExpression {
  expression: Expression;
  suffix?: string;
}
