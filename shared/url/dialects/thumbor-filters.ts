import { canonicalValue, unknownParameter, unsupported } from './canonical';
import type { Background, RequestedFormat, TransformStep } from '../transform-spec';
import { expected } from '../validators';
import { invalid } from '../../errors/image-error';

const VENDOR = 'Thumbor';

/** Thumbor's own filters (thumbor/filters/*.py), so a real filter imgfront cannot render is told apart from a typo. */
// prettier-ignore
const THUMBOR_FILTERS: ReadonlySet<string> = new Set([
  'autojpg', 'background_color', 'blur', 'brightness', 'colorize', 'contrast', 'convolution', 'cover', 'curve',
  'distributed_collage', 'equalize', 'extract_focal', 'fill', 'focal', 'format', 'frame', 'grayscale', 'max_age',
  'max_bytes', 'no_upscale', 'noise', 'proportion', 'quality', 'red_eye', 'redeye', 'rgb', 'rotate',
  'round_corner', 'saturation', 'sharpen', 'stretch', 'strip_exif', 'strip_icc', 'upscale', 'watermark',
]);

/** What the filters ask of the main step, and what Thumbor runs after it. */
export interface FilterEffects {
  step: TransformStep;
  /** `fill(...)`: the fit-in box is padded to its full size with this background. */
  fill: Background | undefined;
  noUpscale: boolean;
  /** Clockwise degrees, applied after resizing as Thumbor's filters are. */
  rotate: number | undefined;
}

/** `format(...)` values in canonical terms; the first name of a format is the one the writer uses. */
export const THUMBOR_FORMATS: Readonly<Record<string, RequestedFormat>> = {
  webp: 'webp',
  jpeg: 'jpeg',
  jpg: 'jpeg',
  png: 'png',
  gif: 'gif',
  avif: 'avif',
};

/** `name(args):name(args)`; an argument list never contains `)`. */
function splitFilters(text: string): Array<{ name: string; args: string[] }> {
  const filters: Array<{ name: string; args: string[] }> = [];
  const pattern = /([a-z_0-9]+)\(([^)]*)\)(?::|$)/gy;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    const [, name = '', args = ''] = match;
    filters.push({ name, args: args === '' ? [] : args.split(',') });
    if (pattern.lastIndex >= text.length) return filters;
  }
  throw invalid(`Thumbor filters are not of the form name(args):name(args): "${text.slice(0, 60)}"`);
}

function fillBackground(colour: string | undefined): Background {
  if (colour === 'blur') return { intensity: 'auto', brightness: 0 };
  if (colour === undefined || colour === 'auto' || colour === 'transparent')
    throw unsupported(VENDOR, `fill(${colour ?? ''})`);
  return canonicalValue('background', colour, 'fill');
}

/** Thumbor filters onto canonical fields; unknown and unrendered filters answer 400 naming them. */
export function applyFilters(text: string | undefined): FilterEffects {
  const effects: FilterEffects = { step: {}, fill: undefined, noUpscale: false, rotate: undefined };
  const { step } = effects;
  for (const { name, args } of text === undefined ? [] : splitFilters(text)) {
    const [first, second] = args;
    switch (name) {
      case 'quality':
        step.quality = canonicalValue('quality', first, 'quality');
        break;
      case 'format': {
        const format =
          first !== undefined && Object.hasOwn(THUMBOR_FORMATS, first) ? THUMBOR_FORMATS[first] : undefined;
        if (format === undefined) throw unsupported(VENDOR, `format(${(first ?? '').slice(0, 12)})`);
        step.format = canonicalValue('format', format, 'format');
        break;
      }
      case 'grayscale':
        step.grayscale = true;
        break;
      case 'blur': {
        if (second !== undefined) throw unsupported(VENDOR, 'blur', ' with a sigma');
        if (first === undefined || !/^\d{1,3}$/.test(first) || Number(first) > 150)
          throw expected('a radius 0-150', 'blur', first);
        if (Number(first) > 0) step.blur = Math.min(100, Number(first));
        break;
      }
      case 'rotate': {
        if (first === undefined || !/^-?\d{1,6}$/.test(first)) throw expected('an angle', 'rotate', first);
        // Thumbor turns counter-clockwise and only by multiples of 90; other angles change nothing there either.
        const degrees = Number(first);
        if (degrees % 90 === 0) effects.rotate = (360 - (degrees % 360)) % 360 || undefined;
        break;
      }
      case 'fill':
        effects.fill = fillBackground(first);
        break;
      case 'background_color':
        step.background = canonicalValue('background', first, 'background_color');
        break;
      case 'no_upscale':
        effects.noUpscale = true;
        break;
      // imgfront strips metadata and converts to sRGB unless told otherwise: these change nothing.
      case 'strip_exif':
      case 'strip_icc':
        break;
      default:
        throw THUMBOR_FILTERS.has(name)
          ? unsupported(VENDOR, `${name}()`)
          : unknownParameter(`${VENDOR} filter`, name);
    }
  }
  return effects;
}
