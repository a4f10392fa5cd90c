import { invalid } from '../errors/image-error';
import type { Endpoint } from '../registry/endpoint-schema';
import { canonicalValue, unknownParameter, unsupported } from '../url/dialects/canonical';
import type { DialectRequest } from '../url/dialects/dialect';
import type { Focus, TransformStep } from '../url/transform-spec';
import { expected } from '../url/validators';
import { sourcePath } from './source-path';

/** Cloudflare Images' URL prefix: `/cdn-cgi/image/<options>/<source>`. */
export const CLOUDFLARE_PREFIX = '/cdn-cgi/image/';
const VENDOR = 'Cloudflare';

/** Cloudflare's option names (transform-via-URL docs) with their short aliases. */
const ALIASES: Readonly<Record<string, string>> = {
  w: 'width',
  h: 'height',
  q: 'quality',
  f: 'format',
  g: 'gravity',
};
// prettier-ignore
const KNOWN: ReadonlySet<string> = new Set([
  'anim', 'background', 'blur', 'border', 'brightness', 'compression', 'contrast', 'dpr', 'fit', 'flip', 'format',
  'gamma', 'gravity', 'height', 'metadata', 'onerror', 'quality', 'rotate', 'saturation', 'segment', 'sharpen',
  'slow-connection-quality', 'trim', 'width', 'zoom',
]);

const FIT: Readonly<Record<string, Pick<TransformStep, 'crop' | 'cropMode'>>> = {
  'scale-down': { crop: 'at_max' },
  contain: { crop: 'at_max_enlarge' },
  cover: { crop: 'maintain_ratio' },
  crop: { crop: 'maintain_ratio_no_enlarge' },
  pad: { cropMode: 'pad_resize' },
  squeeze: { crop: 'force' },
};
const GRAVITY: Readonly<Record<string, Focus>> = {
  auto: 'auto',
  left: 'left',
  right: 'right',
  top: 'top',
  bottom: 'bottom',
};
const FORMATS: Readonly<Record<string, string>> = {
  auto: 'auto',
  avif: 'avif',
  webp: 'webp',
  jpeg: 'jpeg',
  'baseline-jpeg': 'jpeg',
};
const FLIPS: Readonly<Record<string, TransformStep['flip']>> = { h: 'h', v: 'v', hv: 'h_v' };

const lookup = <T>(table: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(table, key) ? table[key] : undefined;

/** CSS colours as the canonical colour text: `#rgb`/`#rrggbb` or a name. */
function cssColour(value: string): string {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(value)?.[1];
  if (hex === undefined) return value.toLowerCase();
  return (hex.length === 3 ? [...hex].map((digit) => digit + digit).join('') : hex).toUpperCase();
}

function readOptions(text: string): Map<string, string> {
  const options = new Map<string, string>();
  for (const option of text.split(',')) {
    const match = /^([a-z-]+)=(.*)$/.exec(option);
    if (!match) throw invalid(`Not a Cloudflare image option: "${option.slice(0, 40)}"`);
    const [, given = '', value = ''] = match;
    const name = lookup(ALIASES, given) ?? given;
    if (options.has(name)) throw invalid(`Option "${name}" is given twice`);
    options.set(name, value);
  }
  return options;
}

/** One Cloudflare option onto the step (rotation goes first: width and height refer to the rotated image). */
function apply(name: string, value: string, step: TransformStep, rotate: TransformStep): void {
  const pick = <T>(table: Readonly<Record<string, T>>) => {
    const found = lookup(table, value);
    if (found === undefined) throw unsupported(VENDOR, `${name}=${value.slice(0, 16)}`);
    return found;
  };
  switch (name) {
    case 'width':
      step.width = canonicalValue(name, value, name);
      return;
    case 'height':
      step.height = canonicalValue(name, value, name);
      return;
    case 'fit':
      Object.assign(step, pick(FIT));
      return;
    case 'gravity':
      step.focus = pick(GRAVITY);
      return;
    case 'quality':
      step.quality = canonicalValue('quality', value, 'quality');
      return;
    case 'format':
      step.format = canonicalValue('format', pick(FORMATS), 'format');
      if (value === 'baseline-jpeg') step.progressive = false;
      return;
    case 'dpr':
      step.dpr = canonicalValue('dpr', value, 'dpr');
      return;
    case 'background':
      step.background = canonicalValue('background', cssColour(value), 'background');
      return;
    case 'blur': {
      if (!/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > 250)
        throw expected('1-250', 'blur', value);
      step.blur = Math.max(1, Math.round(Number(value) / 2.5));
      return;
    }
    case 'sharpen':
      if (value !== '0') step.sharpen = canonicalValue('sharpen', value, 'sharpen');
      return;
    case 'flip':
      step.flip = pick(FLIPS);
      return;
    case 'rotate':
      if (!['90', '180', '270'].includes(value)) throw expected('90, 180 or 270', 'rotate', value);
      rotate.rotate = Number(value);
      return;
    case 'saturation':
      if (value !== '0') throw unsupported(VENDOR, 'saturation', ' other than 0 (grayscale)');
      step.grayscale = true;
      return;
    case 'metadata':
      if (value === 'keep') step.keepMetadata = true;
      else if (value !== 'none') throw unsupported(VENDOR, `metadata=${value.slice(0, 16)}`);
      return;
    case 'anim':
      if (value !== 'true') throw unsupported(VENDOR, `anim=${value.slice(0, 8)}`);
      return;
    default:
      throw KNOWN.has(name) ? unsupported(VENDOR, name) : unknownParameter(VENDOR, name);
  }
}

/**
 * `/cdn-cgi/image/<options>/<source>` as Cloudflare documents it; `rest` is the raw text after the
 * prefix. Relative sources are files of the default endpoint, absolute ones go through its web proxy.
 */
export function parseCloudflare(rest: string, endpoint: Endpoint): DialectRequest {
  const slash = rest.indexOf('/');
  if (slash <= 0) throw invalid('A Cloudflare image URL is /cdn-cgi/image/<options>/<source>');
  let optionsText: string;
  try {
    optionsText = decodeURIComponent(rest.slice(0, slash));
  } catch {
    throw invalid('The options are not valid percent-encoding');
  }
  const step: TransformStep = {};
  const rotate: TransformStep = {};
  for (const [name, value] of readOptions(optionsText)) apply(name, value, step, rotate);
  // Cloudflare keeps the source format unless `format` says otherwise; fit defaults to scale-down.
  step.format ??= 'orig';
  if ((step.width !== undefined || step.height !== undefined) && !step.crop && !step.cropMode)
    step.crop = 'at_max';
  const source = rest.slice(slash + 1);
  const path = sourcePath(source.startsWith('http') ? source : `/${source}`, endpoint, () =>
    invalid('The source host is not allowed for this deployment'),
  );
  return {
    path,
    steps: rotate.rotate === undefined ? [step] : [rotate, step],
    version: undefined,
    signature: undefined,
  };
}
