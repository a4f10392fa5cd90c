import { invalid } from '../../errors/image-error';
import type { Focus, RequestedFormat, TransformStep } from '../transform-spec';
import { expected } from '../validators';
import { canonicalValue, unknownParameter, unsupported } from './canonical';

const VENDOR = 'Cloudinary';

/** Cloudinary's transformation parameter keys (transformation reference), so unrendered ones are told from typos. */
// prettier-ignore
export const CLOUDINARY_KEYS: ReadonlySet<string> = new Set([
  'a', 'ac', 'af', 'ar', 'b', 'bo', 'br', 'c', 'co', 'cs', 'd', 'dl', 'dn', 'dpr', 'du', 'e', 'eo', 'f', 'fl', 'fn',
  'fps', 'g', 'h', 'if', 'ki', 'l', 'o', 'p', 'pg', 'q', 'r', 'so', 'sp', 't', 'u', 'vc', 'vs', 'w', 'x', 'y', 'z',
]);

/** `g_` values in canonical terms (the writer inverts these tables, so what is read here is written alike). */
// prettier-ignore
export const CLOUDINARY_GRAVITY: Readonly<Record<string, Focus>> = {
  north_west: 'top_left', north: 'top', north_east: 'top_right', west: 'left', center: 'center',
  east: 'right', south_west: 'bottom_left', south: 'bottom', south_east: 'bottom_right', auto: 'auto',
};

/** `f_` values; the first name of a format is the one written. */
export const CLOUDINARY_FORMATS: Readonly<Record<string, RequestedFormat>> = {
  auto: 'auto',
  jpg: 'jpeg',
  jpeg: 'jpeg',
  png: 'png',
  webp: 'webp',
  avif: 'avif',
  gif: 'gif',
};

const lookup = <T>(table: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.hasOwn(table, key) ? table[key] : undefined;

/** `rgb:RRGGBB[AA]` (hex alpha) or a colour name, as the canonical colour text (decimal opacity 00-99). */
function colourText(value: string, key: string): string {
  const hex = /^rgb:([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(value)?.[1];
  if (hex === undefined) {
    if (!/^[a-z]+$/.test(value)) throw expected('rgb:<hex> or a colour name', key, value);
    return value;
  }
  const full = hex.length === 3 ? [...hex].map((digit) => digit + digit).join('') : hex;
  if (full.length === 6) return full.toUpperCase();
  const alpha = parseInt(full.slice(6), 16);
  if (alpha === 255) return full.slice(0, 6).toUpperCase();
  return `${full.slice(0, 6).toUpperCase()}${String(Math.min(99, Math.round((alpha / 255) * 100))).padStart(2, '0')}`;
}

/** `e_<effect>[:<amount>]` for the effects imgfront renders; Cloudinary's 1-2000 strengths scaled as imgix's. */
function applyEffect(value: string, step: TransformStep): void {
  const [name = '', amount] = value.split(':');
  const strength = amount === undefined ? 100 : Number(amount);
  if (amount !== undefined && !(/^\d{1,4}$/.test(amount) && strength >= 1 && strength <= 2000))
    throw expected('a strength 1-2000', `e_${name}`, amount);
  if (name === 'grayscale' && amount === undefined) step.grayscale = true;
  else if (name === 'blur') step.blur = Math.min(100, Math.max(1, Math.round(strength / 20)));
  else if (name === 'sharpen')
    step.sharpen = canonicalValue('sharpen', String(Math.min(10, strength / 100)), 'e_sharpen');
  else if (name === 'trim' && amount === undefined) step.trim = true;
  else throw unsupported(VENDOR, `e_${value.slice(0, 24)}`);
}

/** What a `c_<mode>` sets: a crop strategy or a crop mode. */
export type CloudinaryCrop = Pick<TransformStep, 'crop' | 'cropMode'>;

/** `c_<mode>` in canonical terms, except `scale` (see `cropOf`). */
// prettier-ignore
const CROPS: Readonly<Record<string, CloudinaryCrop>> = {
  fit: { crop: 'at_max_enlarge' }, limit: { crop: 'at_max' }, mfit: { crop: 'at_least' },
  fill: { crop: 'maintain_ratio' }, lfill: { crop: 'maintain_ratio_no_enlarge' },
  pad: { cropMode: 'pad_resize' }, lpad: { cropMode: 'pad_resize_no_enlarge' }, crop: { cropMode: 'extract' },
};

/** The `c_` modes imgfront renders; `scale` is Cloudinary's default, written as no `c_` at all. */
export const CLOUDINARY_CROP_MODES: readonly string[] = ['scale', ...Object.keys(CROPS)];

/**
 * `c_<mode>` in canonical terms; `both` says whether w and h are both given: `scale` distorts to both
 * sides, or keeps the ratio with one. Undefined for a mode imgfront does not render.
 */
export const cropOf = (mode: string, both: boolean): CloudinaryCrop | undefined =>
  mode === 'scale' ? { crop: both ? 'force' : 'maintain_ratio' } : lookup(CROPS, mode);

function applyCrop(mode: string, step: TransformStep, both: boolean): void {
  const crop = cropOf(mode, both);
  if (crop === undefined) throw unsupported(VENDOR, `c_${mode.slice(0, 16)}`);
  Object.assign(step, crop);
}

/** One `,`-separated component list (`c_fill,g_north,w_300`) as one canonical step. */
export function parseComponents(text: string): { step: TransformStep; named: string | undefined } {
  const values = new Map<string, string>();
  for (const component of text.split(',')) {
    const match = /^([a-z]{1,3})_(.+)$/.exec(component);
    if (!match) throw invalid(`Not a Cloudinary transformation component: "${component.slice(0, 40)}"`);
    const [, key = '', value = ''] = match;
    if (values.has(key)) throw invalid(`Parameter "${key}" is given twice`);
    values.set(key, value);
  }
  const step: TransformStep = {};
  let named: string | undefined;
  for (const [key, value] of values) {
    const name = `${key}_${value}`.slice(0, 40);
    switch (key) {
      case 'w':
      case 'h': {
        if (!/^\d{1,6}(\.\d{1,6})?$/.test(value)) throw unsupported(VENDOR, name);
        if (key === 'w') step.width = canonicalValue('width', value, key);
        else step.height = canonicalValue('height', value, key);
        break;
      }
      case 'c':
        applyCrop(value, step, values.has('w') && values.has('h'));
        break;
      case 'g': {
        const focus = lookup(CLOUDINARY_GRAVITY, value);
        if (focus === undefined) throw unsupported(VENDOR, name);
        step.focus = focus;
        break;
      }
      case 'x':
      case 'y':
        if (values.get('c') !== 'crop' || !['north_west', undefined].includes(values.get('g')))
          throw unsupported(VENDOR, key, ' other than with c_crop from the top left');
        step[key] = canonicalValue(key, value, key);
        break;
      case 'ar': {
        const ratio = /^(\d{1,5}(?:\.\d{1,4})?):(\d{1,5}(?:\.\d{1,4})?)$/.exec(value);
        step.aspectRatio = canonicalValue(
          'aspectRatio',
          ratio ? `${ratio[1]}-${ratio[2]}` : `${value}-1`,
          'ar',
        );
        break;
      }
      case 'q':
        // q_auto[:level] lets the service choose: imgfront's perceptual quality (one target per endpoint).
        step.quality = /^auto(:(best|good|eco|low))?$/.test(value)
          ? 'auto'
          : canonicalValue('quality', value, 'q');
        break;
      case 'f': {
        const format = lookup(CLOUDINARY_FORMATS, value);
        if (format === undefined) throw unsupported(VENDOR, name);
        step.format = canonicalValue('format', format, 'f');
        break;
      }
      case 'fl':
        for (const flag of value.split('.')) {
          if (flag === 'progressive') step.progressive = true;
          else throw unsupported(VENDOR, `fl_${flag.slice(0, 24)}`);
        }
        break;
      case 'e':
        applyEffect(value, step);
        break;
      case 'a':
        if (value === 'hflip' || value === 'vflip') step.flip = value === 'hflip' ? 'h' : 'v';
        else if (/^-?\d{1,3}$/.test(value) && Math.abs(Number(value)) <= 360) step.rotate = Number(value);
        else throw unsupported(VENDOR, name);
        break;
      case 'b':
        step.background = canonicalValue('background', colourText(value, 'b'), 'b');
        break;
      case 'bo': {
        const border = /^(\d{1,4})px_solid_(.+)$/.exec(value);
        if (!border) throw unsupported(VENDOR, name);
        step.border = canonicalValue('border', `${border[1]}_${colourText(border[2] ?? '', 'bo')}`, 'bo');
        break;
      }
      case 'r':
        step.radius = canonicalValue('radius', value, 'r');
        break;
      case 'o':
        step.opacity = canonicalValue('opacity', value, 'o');
        break;
      case 'dpr':
        step.dpr = canonicalValue('dpr', value, 'dpr');
        break;
      case 'd':
        // Cloudinary names folders of the default image with `:`.
        step.defaultImage = canonicalValue('defaultImage', value.split(':').join('@@'), 'd');
        break;
      case 't':
        named = value;
        break;
      default:
        throw CLOUDINARY_KEYS.has(key) ? unsupported(VENDOR, name) : unknownParameter(VENDOR, key);
    }
  }
  // Cloudinary's default crop mode is scale: both sides given distort the image to them.
  if ((values.has('w') || values.has('h')) && !values.has('c'))
    applyCrop('scale', step, values.has('w') && values.has('h'));
  return { step, named };
}

/** Whether a path segment is a transformation (every component a Cloudinary key) rather than a folder. */
export const isTransformationSegment = (segment: string): boolean =>
  segment.split(',').every((component) => {
    const key = /^([a-z]{1,3})_./.exec(component)?.[1];
    return key !== undefined && CLOUDINARY_KEYS.has(key);
  });
