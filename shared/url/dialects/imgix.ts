import { invalid } from '../../errors/image-error';
import type { SignatureParams } from '../image-request';
import { parseImagePath } from '../path';
import type { Focus, TransformStep } from '../transform-spec';
import { expected, formatNumber } from '../validators';
import { canonicalValue, unknownParameter, unsupported } from './canonical';
import type { Dialect, DialectInput, DialectRequest } from './dialect';
import { IMGIX_ALIASES, IMGIX_PARAMETERS } from './imgix-names';
import {
  IMGIX_FIT_CROPS,
  IMGIX_FIT_PADS,
  IMGIX_FLIPS,
  IMGIX_FORMATS,
  IMGIX_ORIENTATIONS,
} from './imgix-tables';
import { decodeBase64Value, imgixBoolean, imgixColourText, imgixNumber, imgixSize } from './imgix-values';
import { rawQueryWithout } from './raw-query';

const VENDOR = 'imgix';
const MAX_QUERY_LENGTH = 4096;
/** Parameters the SDKs add that change nothing: `ixlib` names the library that built the URL. */
const IGNORED = new Set(['ixlib']);
/** imgix allows `<name>64` for every parameter but these. */
const NO_BASE64 = new Set(['auto', 'ch']);

/** Query parameters by imgix's canonical names (aliases and `64` variants resolved); each once. */
function readParams(rawQueryString: string): Map<string, string> {
  if (rawQueryString.length > MAX_QUERY_LENGTH) throw invalid('The query string is too long');
  const params = new Map<string, string>();
  for (const [given, raw] of new URLSearchParams(rawQueryString)) {
    if (IGNORED.has(given)) continue;
    let name = Object.hasOwn(IMGIX_ALIASES, given) ? (IMGIX_ALIASES[given] ?? given) : given;
    let value = raw;
    const base = name.endsWith('64') ? name.slice(0, -2) : undefined;
    if (base !== undefined && !IMGIX_PARAMETERS.has(name)) {
      const baseName = Object.hasOwn(IMGIX_ALIASES, base) ? (IMGIX_ALIASES[base] ?? base) : base;
      if (IMGIX_PARAMETERS.has(baseName) && !NO_BASE64.has(baseName)) {
        name = baseName;
        value = decodeBase64Value(raw, given);
      }
    }
    if (params.has(name)) throw invalid(`Query parameter "${name.slice(0, 40)}" is given twice`);
    params.set(name, value);
  }
  return params;
}

/** `crop=top,left` and the like: a side or corner. Faces, entropy, edges and focal points are not rendered. */
function cropFocus(value: string): Focus {
  const parts = value.split(',');
  for (const part of parts)
    if (!['top', 'bottom', 'left', 'right'].includes(part)) throw unsupported(VENDOR, `crop=${part}`);
  const vertical = parts.find((part) => part === 'top' || part === 'bottom');
  const horizontal = parts.find((part) => part === 'left' || part === 'right');
  if (vertical && horizontal) return `${vertical}_${horizontal}` as Focus;
  return (vertical ?? horizontal ?? 'center') as Focus;
}

/** `or`/`orient`, before any resizing. */
function orientStep(value: string): TransformStep | undefined {
  if (!IMGIX_ORIENTATIONS.has(value)) throw unsupported(VENDOR, `orient=${value.slice(0, 8)}`);
  const step = IMGIX_ORIENTATIONS.get(value);
  return step && { ...step };
}

/** `rect=x,y,w,h` in pixels: an extract before everything else. */
function rectStep(value: string): TransformStep {
  const parts = value.split(',');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,6}$/.test(part)))
    throw unsupported(VENDOR, 'rect', ' other than four pixel values x,y,w,h');
  const [x, y, w, h] = parts;
  return {
    cropMode: 'extract',
    x: canonicalValue('x', x, 'rect'),
    y: canonicalValue('y', y, 'rect'),
    width: canonicalValue('width', w, 'rect'),
    height: canonicalValue('height', h, 'rect'),
  };
}

type Handler = (value: string, step: TransformStep, params: ReadonlyMap<string, string>) => void;

/** The imgix parameters imgfront renders, each onto canonical fields through the one parameter table. */
const HANDLERS: Readonly<Record<string, Handler>> = {
  w: (value, step) => {
    const size = imgixSize(value, 'w');
    if (size !== undefined) step.width = canonicalValue('width', size, 'w');
  },
  h: (value, step) => {
    const size = imgixSize(value, 'h');
    if (size !== undefined) step.height = canonicalValue('height', size, 'h');
  },
  fit: (value, step, params) => {
    if (!params.has('w') && !params.has('h')) return;
    const crop = Object.hasOwn(IMGIX_FIT_CROPS, value) ? IMGIX_FIT_CROPS[value] : undefined;
    const pad = Object.hasOwn(IMGIX_FIT_PADS, value) ? IMGIX_FIT_PADS[value] : undefined;
    if (crop) step.crop = crop;
    else if (pad) step.cropMode = pad;
    else throw unsupported(VENDOR, `fit=${value.slice(0, 12)}`);
  },
  // Both only act with fit=crop, as in imgix.
  crop: (value, step, params) => {
    if (params.get('fit') === 'crop') step.focus = cropFocus(value);
  },
  ar: (value, step, params) => {
    if (params.get('fit') !== 'crop' || params.has('w') === params.has('h')) return;
    const match = /^(\d{1,5}(?:\.\d{1,4})?):(\d{1,5}(?:\.\d{1,4})?)$/.exec(value);
    if (!match) throw expected('a ratio such as 16:9', 'ar', value);
    step.aspectRatio = canonicalValue('aspectRatio', `${match[1]}-${match[2]}`, 'ar');
  },
  dpr: (value, step) => {
    step.dpr = canonicalValue('dpr', value, 'dpr');
  },
  q: (value, step) => {
    step.quality = canonicalValue('quality', value, 'q');
  },
  fm: (value, step) => {
    const format = Object.hasOwn(IMGIX_FORMATS, value) ? IMGIX_FORMATS[value] : undefined;
    if (format === undefined) throw unsupported(VENDOR, `fm=${value.slice(0, 12)}`);
    step.format = canonicalValue('format', format, 'fm');
    if (value === 'pjpg') step.progressive = true;
  },
  auto: (value, step, params) => {
    for (const option of value.split(',')) {
      if (option === 'format') {
        if (!params.has('fm')) step.format = 'auto';
      } else if (option !== 'compress') throw unsupported(VENDOR, `auto=${option.slice(0, 12)}`);
    }
  },
  bg: (value, step) => {
    step.background ??= canonicalValue('background', imgixColourText(value, 'bg'), 'bg');
  },
  'fill-color': (value, step) => {
    step.background = canonicalValue('background', imgixColourText(value, 'fill-color'), 'fill-color');
  },
  fill: (value, step, params) => {
    if (value === 'blur') step.background = { intensity: 'auto', brightness: 0 };
    else if (value !== 'solid') throw expected('solid or blur', 'fill', value);
    if (!['fill', 'fillmax'].includes(params.get('fit') ?? ''))
      throw invalid('Parameter "fill" needs fit=fill or fit=fillmax');
  },
  // imgix's scales differ from the canonical ones; these are the nearest equivalents (README).
  blur: (value, step) => {
    const amount = imgixNumber(value, 'blur', 0, 2000);
    if (amount > 0) step.blur = Math.min(100, Math.max(1, Math.round(amount / 20)));
  },
  sharp: (value, step) => {
    const amount = imgixNumber(value, 'sharp', 0, 100);
    if (amount > 0)
      step.sharpen = canonicalValue('sharpen', formatNumber(Math.max(0.01, amount / 10)), 'sharp');
  },
  flip: (value, step) => {
    step.flip = Object.hasOwn(IMGIX_FLIPS, value) ? IMGIX_FLIPS[value] : undefined;
    if (step.flip === undefined) throw expected('h, v or hv', 'flip', value);
  },
  sat: (value, step) => {
    if (value !== '-100') throw unsupported(VENDOR, 'sat', ' other than -100 (grayscale)');
    step.grayscale = true;
  },
  trim: (value, step) => {
    if (value !== 'auto') throw unsupported(VENDOR, `trim=${value.slice(0, 12)}`);
    step.trim = true;
  },
  lossless: (value, step) => {
    step.lossless = imgixBoolean(value, 'lossless');
  },
};

/** Read by the dialect itself, outside the transformation. */
const STRUCTURAL = new Set(['s', 'expires', 'or', 'orient', 'rect']);

function parseSignature(params: ReadonlyMap<string, string>, message: string): SignatureParams | undefined {
  const value = params.get('s');
  const expires = params.get('expires');
  if (expires !== undefined && !/^\d{1,12}$/.test(expires)) throw expected('a Unix time', 'expires', expires);
  if (value === undefined) return undefined;
  return {
    value: value.toLowerCase(),
    expiresAt: expires === undefined ? undefined : Number(expires),
    message,
  };
}

/**
 * imgix URLs: `/<endpoint>/<path>?w=…&fit=…`. Every parameter either maps onto canonical fields or
 * answers 400 naming it; `s` is imgix's signature over the raw path and query (endpoint included).
 */
function parse({ endpointSegment, rawPath, rawQueryString }: DialectInput): DialectRequest {
  const params = readParams(rawQueryString);
  const step: TransformStep = {};
  for (const [name, value] of params) {
    if (STRUCTURAL.has(name)) continue;
    const handler = Object.hasOwn(HANDLERS, name) ? HANDLERS[name] : undefined;
    if (handler) handler(value, step, params);
    else throw IMGIX_PARAMETERS.has(name) ? unsupported(VENDOR, name) : unknownParameter(VENDOR, name);
  }
  // imgix's default fit is clip (fit inside); the canonical default would crop.
  if ((step.width !== undefined || step.height !== undefined) && !params.has('fit'))
    step.crop = 'at_max_enlarge';
  // imgix keeps the source format unless told otherwise; only auto=format negotiates by Accept.
  step.format ??= 'orig';
  const rect = params.get('rect');
  const orient = params.get('or') ?? params.get('orient');
  const steps = [
    rect === undefined ? undefined : rectStep(rect),
    orient === undefined ? undefined : orientStep(orient),
    step,
  ].filter((candidate): candidate is TransformStep => candidate !== undefined);
  const fullPath = endpointSegment === undefined ? rawPath : `/${endpointSegment}${rawPath}`;
  return {
    path: parseImagePath(rawPath.slice(1).split('/')),
    steps,
    version: undefined,
    signature: parseSignature(params, `${fullPath}${rawQueryWithout(rawQueryString, ['s'])}`),
  };
}

export const imgixDialect: Dialect = { name: 'imgix', parse };
