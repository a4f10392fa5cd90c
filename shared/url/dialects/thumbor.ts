import { invalid } from '../../errors/image-error';
import { parseImagePath } from '../path';
import type { Focus, TransformStep } from '../transform-spec';
import { canonicalValue, unsupported } from './canonical';
import type { Dialect, DialectInput, DialectRequest } from './dialect';
import { applyFilters, type FilterEffects } from './thumbor-filters';

const VENDOR = 'Thumbor';

/** Thumbor's URL grammar (thumbor/url.py) after the `unsafe`/signature segment; group names as there. */
const OPTIONS = new RegExp(
  [
    '^(?:(?<debug>debug)/)?',
    '(?:(?<meta>meta)/)?',
    '(?:(?<trim>trim(?::(?:top-left|bottom-right))?(?::\\d+)?)/)?',
    '(?:(?<cropLeft>\\d+)x(?<cropTop>\\d+):(?<cropRight>\\d+)x(?<cropBottom>\\d+)/)?',
    '(?:(?<adaptive>adaptive-)?(?<full>full-)?(?<fitIn>fit-in)/)?',
    '(?:(?<hflip>-)?(?<width>(?:\\d+|orig))?x(?<vflip>-)?(?<height>(?:\\d+|orig))?/)?',
    '(?:(?<halign>left|right|center)/)?',
    '(?:(?<valign>top|bottom|middle)/)?',
    '(?:(?<smart>smart)/)?',
    '(?:filters:(?<filters>.+?\\))/)?',
    '(?<image>.+)$',
  ].join(''),
);

type Groups = Partial<Record<string, string>>;

/** Thumbor's signature segment: `[^/]{28,}`, URL-safe base64 of an HMAC-SHA1 (padding may arrive encoded). */
const SIGNATURE_SEGMENT = /^[^/]{28,}$/;

function decodeArgs(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    return decodeURIComponent(text);
  } catch {
    throw invalid('The Thumbor filters are not valid percent-encoding');
  }
}

function cropStep(groups: Groups): TransformStep | undefined {
  const [left, top, right, bottom] = [
    groups.cropLeft,
    groups.cropTop,
    groups.cropRight,
    groups.cropBottom,
  ].map(Number);
  if (
    groups.cropLeft === undefined ||
    left === undefined ||
    top === undefined ||
    right === undefined ||
    bottom === undefined
  )
    return undefined;
  if (left === 0 && top === 0 && right === 0 && bottom === 0) return undefined;
  if (right <= left || bottom <= top) throw invalid('The Thumbor crop AxB:CxD needs C > A and D > B');
  return {
    cropMode: 'extract',
    x: canonicalValue('x', String(left), 'crop'),
    y: canonicalValue('y', String(top), 'crop'),
    width: canonicalValue('width', String(right - left), 'crop'),
    height: canonicalValue('height', String(bottom - top), 'crop'),
  };
}

function focusOf(groups: Groups): Focus | undefined {
  if (groups.smart) return 'auto';
  const vertical = groups.valign === 'top' || groups.valign === 'bottom' ? groups.valign : undefined;
  const horizontal = groups.halign === 'left' || groups.halign === 'right' ? groups.halign : undefined;
  if (vertical && horizontal) return `${vertical}_${horizontal}`;
  return vertical ?? horizontal;
}

/** How Thumbor sizes, in canonical terms: crop-to-fill by default, fit inside with fit-in, padded with fill(). */
export interface ThumborResize {
  fitIn: boolean;
  /** `fill(...)` with fit-in. */
  fill: boolean;
  /** `no_upscale()`. */
  noUpscale: boolean;
}

export function resizeOf({
  fitIn,
  fill,
  noUpscale,
}: ThumborResize): Pick<TransformStep, 'crop' | 'cropMode'> {
  if (fitIn && fill) return { cropMode: noUpscale ? 'pad_resize_no_enlarge' : 'pad_resize' };
  if (fitIn) return { crop: noUpscale ? 'at_max' : 'at_max_enlarge' };
  return { crop: noUpscale ? 'maintain_ratio_no_enlarge' : 'maintain_ratio' };
}

/** The resize itself, with the focus of a crop-to-fill and the flips. */
function mainStep(groups: Groups, effects: FilterEffects): TransformStep {
  const step: TransformStep = { ...effects.step };
  for (const [side, key] of [
    ['width', 'width'],
    ['height', 'height'],
  ] as const) {
    const value = groups[key];
    if (value === 'orig') throw unsupported(VENDOR, `${key} orig`);
    if (value === undefined || value === '0') continue;
    if (side === 'width') step.width = canonicalValue(side, value, key);
    else step.height = canonicalValue(side, value, key);
  }
  const sized = step.width !== undefined || step.height !== undefined;
  if (sized) {
    const fitIn = groups.fitIn !== undefined;
    Object.assign(step, resizeOf({ fitIn, fill: effects.fill !== undefined, noUpscale: effects.noUpscale }));
    if (fitIn && effects.fill) step.background = effects.fill;
    const focus = fitIn ? undefined : focusOf(groups);
    if (focus) step.focus = focus;
  }
  if (groups.hflip && groups.vflip) step.flip = 'h_v';
  else if (groups.hflip) step.flip = 'h';
  else if (groups.vflip) step.flip = 'v';
  // Thumbor keeps the source format unless format() says otherwise.
  step.format ??= 'orig';
  return step;
}

/**
 * Thumbor URLs: `/<endpoint>/<signature|unsafe>/<options>/<image path>`. The signature covers the raw
 * text after its own segment, taken by position.
 */
function parse({ rawPath }: DialectInput): DialectRequest {
  const slash = rawPath.indexOf('/', 1);
  const first = slash < 0 ? rawPath.slice(1) : rawPath.slice(1, slash);
  if (first !== 'unsafe' && !SIGNATURE_SEGMENT.test(first))
    throw invalid('A Thumbor URL starts with "unsafe/" or its signature');
  const rest = slash < 0 ? '' : rawPath.slice(slash + 1);
  const groups: Groups = OPTIONS.exec(rest)?.groups ?? {};
  if (groups.image === undefined) throw invalid('The URL names no file');
  for (const option of ['debug', 'meta', 'adaptive', 'full'] as const)
    if (groups[option])
      throw unsupported(VENDOR, option === 'adaptive' || option === 'full' ? `${option}-fit-in` : option);
  if (groups.trim !== undefined && groups.trim !== 'trim') throw unsupported(VENDOR, groups.trim);
  const effects = applyFilters(decodeArgs(groups.filters));
  const crop = cropStep(groups);
  const steps = [
    groups.trim ? { trim: true as const } : undefined,
    crop,
    mainStep(groups, effects),
    effects.rotate === undefined ? undefined : { rotate: effects.rotate },
  ].filter((step): step is TransformStep => step !== undefined);
  const signature =
    first === 'unsafe'
      ? undefined
      : { value: decodeArgs(first) ?? first, expiresAt: undefined, message: rest };
  return { path: parseImagePath(groups.image.split('/')), steps, version: undefined, signature };
}

export const thumborDialect: Dialect = { name: 'thumbor', parse };
