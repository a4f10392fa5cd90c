import type { EndpointSettings } from '../registry/endpoint-schema';
import { solidColour, type Rgba, type TransformStep } from '../url/transform-spec';
import { planGeometry, rotatedSize, type Size } from './geometry';
import { resolveStep } from './resolve-step';
import type { InputFormat, SourceInfo } from './source-info';

export type OutputFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif';

export const CONTENT_TYPES: Record<OutputFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  gif: 'image/gif',
};

/** Content types of originals served untouched (`orig-true`), from the sniffed format. */
export const ORIGINAL_CONTENT_TYPES: Record<Exclude<InputFormat, 'svg'>, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  avif: 'image/avif',
  heif: 'image/heif',
};

/** The perceptual-quality search `q-auto` asks for (see `perceptual-quality.ts`). */
export type AutoQualityPlan = EndpointSettings['autoQuality'];

export interface OutputPlan {
  format: OutputFormat;
  /** The fixed quality; with `autoQuality`, the search chooses instead. */
  quality: number;
  /** Set when the quality is chosen per image (`q-auto` or `settings.quality: "auto"` on a lossy still output). */
  autoQuality: AutoQualityPlan | undefined;
  lossless: boolean;
  progressive: boolean;
  /** JPEG/AVIF chroma subsampling; undefined keeps the encoder's own default. */
  chromaSubsampling: '4:2:0' | '4:4:4' | undefined;
  /** Lossy palette PNG (`settings.pngPalette`, unless `lo-true`). */
  palette: boolean;
  keepMetadata: boolean;
  keepColorProfile: boolean;
  /** Flattening / padding colour when set by the URL. */
  background: Rgba | undefined;
  /** Whether all frames are kept (animated input and an animated-capable output). */
  animated: boolean;
  /** Whether the format depended on the `Accept` header (the response then says `Vary: Accept`). */
  negotiated: boolean;
  /** Why this format: what the URL, the endpoint and `Accept` decided (for `imgfront explain`). */
  formatReason: string;
}

/** What the original's own format becomes when the output keeps "the original format". */
const ORIGINAL_FORMAT_OUTPUT: Record<InputFormat, OutputFormat> = {
  jpeg: 'jpeg',
  png: 'png',
  webp: 'webp',
  gif: 'gif',
  avif: 'avif',
  // Browsers cannot show HEIC, and SVG is rasterised (never served raw).
  heif: 'jpeg',
  svg: 'png',
};

/** The last value any step sets wins, as output options apply to the final image. */
function last<K extends keyof TransformStep>(steps: readonly TransformStep[], key: K): TransformStep[K] {
  for (let index = steps.length - 1; index >= 0; index -= 1) {
    const value = steps[index]?.[key];
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * Largest output automatic format encodes as AVIF. Measured here: AVIF at 8192x8192 took 6.3 s and
 * 1.4 GB RSS (WebP 3.8 s, 390 MB); at 4096x4096 1.7 s and 410 MB. Larger outputs negotiate WebP.
 */
export const AUTO_AVIF_MAX_PIXELS = 4096 * 4096;

/** The output size the steps ask for (trim ignored), capped by the endpoint; an over-cap step stops the estimate. */
function estimatedOutput(
  steps: readonly TransformStep[],
  source: SourceInfo,
  settings: EndpointSettings,
): Size {
  const cap = { width: settings.maxWidth, height: settings.maxHeight };
  const original: Size = { width: source.width, height: source.height };
  let size = original;
  // Resolved as the render resolves them, so `w-iw_mul_3` or an if block count at their true size.
  const pending = [...steps];
  while (pending.length > 0) {
    try {
      const [step = {}, ...rest] = resolveStep(pending.shift() as TransformStep, {
        current: size,
        original,
        parent: undefined,
      });
      pending.unshift(...rest);
      size = planGeometry(step, size, cap).output;
      if (typeof step.rotate === 'number') size = rotatedSize(size, step.rotate);
    } catch {
      return size; // render refuses the step itself, with the reason
    }
  }
  return size;
}

function negotiate(
  accept: string,
  steps: readonly TransformStep[],
  source: SourceInfo,
  settings: EndpointSettings,
): { format: OutputFormat; reason: string } {
  const accepts = (type: string) => accept.toLowerCase().includes(type);
  const animated = source.frames > 1;
  const fitsAvif = () => {
    const { width, height } = estimatedOutput(steps, source, settings);
    return width * height <= AUTO_AVIF_MAX_PIXELS;
  };
  // sharp cannot encode animated AVIF: keep animations in WebP or GIF. Huge AVIFs cost seconds and a GB.
  if (settings.avif && !animated && accepts('image/avif') && fitsAvif())
    return { format: 'avif', reason: 'automatic: Accept allows AVIF and the endpoint enables it' };
  if (accepts('image/webp')) return { format: 'webp', reason: 'automatic: Accept allows WebP' };
  return {
    format: ORIGINAL_FORMAT_OUTPUT[source.format],
    reason: "automatic: Accept allows neither AVIF nor WebP, the original's format",
  };
}

/** Formats whose quality trades bytes for fidelity: `q-auto` searches only these. */
const LOSSY_FORMATS: ReadonlySet<OutputFormat> = new Set(['jpeg', 'webp', 'avif']);

/** The quality when the URL names none: the format's own default, else the endpoint's. */
function defaultQuality(format: OutputFormat, settings: EndpointSettings): number {
  const perFormat = format === 'gif' ? undefined : settings.formatQuality[format];
  return perFormat ?? settings.defaultQuality;
}

/** Decides the output format and encoder options from the URL, the original and the endpoint. */
export function planOutput(
  steps: readonly TransformStep[],
  source: SourceInfo,
  accept: string,
  settings: EndpointSettings,
): OutputPlan {
  const requested = last(steps, 'format') ?? (settings.autoFormat ? 'auto' : 'orig');
  const fromUrl = last(steps, 'format') !== undefined;
  const { format, reason: formatReason } =
    requested === 'auto'
      ? negotiate(accept, steps, source, settings)
      : requested === 'orig'
        ? {
            format: ORIGINAL_FORMAT_OUTPUT[source.format],
            reason: fromUrl ? "the URL's f-orig" : "the original's format (the endpoint's autoFormat is off)",
          }
        : { format: requested, reason: `the URL's f-${requested}` };
  const lossless = last(steps, 'lossless') ?? false;
  const requestedQuality = last(steps, 'quality') ?? (settings.quality === 'auto' ? 'auto' : undefined);
  const keepsMetadata = (last(steps, 'keepMetadata') ?? false) || (last(steps, 'keepColorProfile') ?? false);
  // The search encodes raw pixels, so it needs a lossy still output without kept metadata or profile.
  const searches =
    requestedQuality === 'auto' &&
    LOSSY_FORMATS.has(format) &&
    !lossless &&
    source.frames === 1 &&
    !keepsMetadata;
  return {
    format,
    quality: typeof requestedQuality === 'number' ? requestedQuality : defaultQuality(format, settings),
    autoQuality: searches ? settings.autoQuality : undefined,
    lossless,
    // The endpoint's `progressive` is for JPEG; the URL's `pr-` also interlaces PNG and GIF.
    progressive: last(steps, 'progressive') ?? (format === 'jpeg' && settings.progressive),
    chromaSubsampling: settings.chromaSubsampling,
    palette: format === 'png' && settings.pngPalette && !lossless,
    keepMetadata: last(steps, 'keepMetadata') ?? false,
    keepColorProfile: last(steps, 'keepColorProfile') ?? false,
    background: solidColour(last(steps, 'background')),
    animated: source.frames > 1 && (format === 'webp' || format === 'gif'),
    negotiated: requested === 'auto',
    formatReason: fromUrl && requested === 'auto' ? `the URL's f-auto, ${formatReason}` : formatReason,
  };
}
