import {
  solidColour,
  type RequestedFormat,
  type Rgba,
  type TransformField,
  type TransformStep,
} from '../../transform-spec';
import { formatNumber } from '../../validators';
import { canonicalText } from '../canonical';
import { splitExtension } from '../../seo-path';
import { EXTENSION_FORMATS, STORED_EXTENSIONS } from '../cloudinary';
import {
  CLOUDINARY_CROP_MODES,
  CLOUDINARY_FORMATS,
  CLOUDINARY_GRAVITY,
  cropOf,
  type CloudinaryCrop,
} from '../cloudinary-params';
import {
  encodePath,
  hexColour,
  invert,
  splitFormat,
  unsaid,
  writtenOrUnsupported,
  type DialectWriter,
  type WrittenUrl,
} from './written';

/** The cloud name segment: imgfront reads any, and serves the endpoint's files under each. */
export const CLOUD_NAME = 'imgfront';
const NAME_OF_GRAVITY = invert(CLOUDINARY_GRAVITY);
const NAME_OF_FORMAT = invert(CLOUDINARY_FORMATS);

type Components = Array<[key: string, value: string]>;

const colourText = (colour: Rgba) => {
  const { rgb, alpha } = hexColour(colour);
  return `rgb:${rgb}${alpha ?? ''}`;
};

/**
 * The `c_` mode that reads as the step's crop, `''` when Cloudinary's default (`scale`, no `c_`)
 * does; undefined when none does. A size without a crop means the canonical default, crop to fill.
 */
function cropMode(step: TransformStep, sized: boolean, both: boolean): string | undefined {
  const wanted: CloudinaryCrop | undefined =
    step.cropMode !== undefined
      ? { cropMode: step.cropMode }
      : step.crop !== undefined || sized
        ? { crop: step.crop ?? 'maintain_ratio' }
        : undefined;
  if (wanted === undefined) return '';
  const reads = (mode: string) => {
    const read = cropOf(mode, both);
    return read?.crop === wanted.crop && read?.cropMode === wanted.cropMode;
  };
  if (sized && reads('scale')) return '';
  return CLOUDINARY_CROP_MODES.find(reads);
}

/** `e_`: Cloudinary takes one effect per step; its 1-2000 strengths as its parser scales them. */
function effect(step: TransformStep): { value: string; field: TransformField } | undefined {
  if (step.grayscale) return { value: 'grayscale', field: 'grayscale' };
  if (step.blur !== undefined) return { value: `blur:${step.blur * 20}`, field: 'blur' };
  const sharpen = typeof step.sharpen === 'number' ? Math.round(step.sharpen * 100) : undefined;
  if (sharpen !== undefined && sharpen >= 1 && Math.abs(sharpen - Number(step.sharpen) * 100) < 1e-6)
    return { value: `sharpen:${sharpen}`, field: 'sharpen' };
  if (step.trim === true) return { value: 'trim', field: 'trim' };
  return undefined;
}

/** `a_`: one angle or flip per step. */
function angle(step: TransformStep): { value: string; field: TransformField } | undefined {
  const { rotate, flip } = step;
  if (typeof rotate === 'number' && Number.isInteger(rotate))
    return { value: String(rotate), field: 'rotate' };
  if (flip === 'h' || flip === 'v') return { value: `${flip}flip`, field: 'flip' };
  return undefined;
}

/** One transformation segment's components, and the fields they say. */
function components(step: TransformStep): { components: Components; done: Set<TransformField> } {
  const list: Components = [];
  const done = new Set<TransformField>();
  const say = (key: string, value: string, ...fields: TransformField[]) => {
    list.push([key, value]);
    for (const field of fields) done.add(field);
  };
  const { width, height } = step;
  if (typeof width === 'number') say('w', formatNumber(width), 'width');
  if (height !== undefined) say('h', formatNumber(height), 'height');
  const sized = typeof width === 'number' || height !== undefined;
  if (step.aspectRatio)
    say(
      'ar',
      `${formatNumber(step.aspectRatio.width)}:${formatNumber(step.aspectRatio.height)}`,
      'aspectRatio',
    );
  const mode = cropMode(step, sized, typeof width === 'number' && height !== undefined);
  if (mode) say('c', mode);
  if (mode !== undefined) done.add(step.cropMode === undefined ? 'crop' : 'cropMode');
  const gravity = step.focus === undefined ? undefined : NAME_OF_GRAVITY.get(step.focus);
  if (gravity !== undefined) say('g', gravity, 'focus');
  // Cloudinary places x/y only for c_crop from the top left.
  if (mode === 'crop' && (gravity === undefined || gravity === 'north_west'))
    for (const key of ['x', 'y'] as const) {
      const value = step[key];
      if (value !== undefined) say(key, canonicalText(key, value), key);
    }
  if (step.quality !== undefined) say('q', canonicalText('quality', step.quality), 'quality');
  if (step.progressive === true) say('fl', 'progressive', 'progressive');
  const chosenEffect = effect(step);
  if (chosenEffect) say('e', chosenEffect.value, chosenEffect.field);
  const chosenAngle = angle(step);
  if (chosenAngle) say('a', chosenAngle.value, chosenAngle.field);
  const background = solidColour(step.background);
  if (background) say('b', colourText(background), 'background');
  if (step.border) say('bo', `${step.border.width}px_solid_${colourText(step.border.colour)}`, 'border');
  if (step.radius !== undefined) say('r', canonicalText('radius', step.radius), 'radius');
  if (step.opacity !== undefined) say('o', canonicalText('opacity', step.opacity), 'opacity');
  if (step.dpr !== undefined) say('dpr', canonicalText('dpr', step.dpr), 'dpr');
  // Cloudinary names the folders of a default image with `:`.
  if (step.defaultImage !== undefined) say('d', step.defaultImage.split('/').join(':'), 'defaultImage');
  if (step.named !== undefined) say('t', step.named, 'named');
  return { components: list, done };
}

/**
 * The public id: Cloudinary delivers the format its extension names, and the stored format without
 * one, so the source format is said by leaving a format extension out (the parser finds the stored
 * file by its extensions). An extension the parser would not try again (`.JPG`) stays.
 */
function publicId(path: string, format: RequestedFormat | undefined): string {
  const encoded = encodePath(path);
  if (format !== undefined && format !== 'orig') return encoded;
  const file = encoded.slice(encoded.lastIndexOf('/') + 1);
  const { extension } = splitExtension(file);
  if (extension === undefined) return encoded;
  const readAgain = (STORED_EXTENSIONS as readonly string[]).includes(extension);
  if (!Object.hasOwn(EXTENSION_FORMATS, extension.toLowerCase()) || !readAgain) return encoded;
  return encoded.slice(0, encoded.length - extension.length - 1);
}

/**
 * Cloudinary: `/imgfront/image/upload/<step>/<step>/<public id>`, one transformation segment per step
 * (`w_300,h_200,c_fill`), the format in the last. Unsigned: endpoints that require Cloudinary
 * signatures are left to Cloudinary's own SDKs.
 */
function write(steps: readonly TransformStep[], path: string): WrittenUrl {
  const split = splitFormat(steps);
  const written = split.steps.map(components);
  const formatName =
    split.format === undefined || split.format === 'orig' ? undefined : NAME_OF_FORMAT.get(split.format);
  const segments = written.map((segment) => segment.components);
  if (formatName !== undefined) {
    const last = segments.at(-1) ?? [];
    if (segments.length === 0) segments.push(last);
    last.push(['f', formatName]);
  }
  const unsupported = [
    ...split.steps.flatMap((step, index) => unsaid(step, written[index]?.done)),
    ...(split.format !== 'orig' && formatName === undefined ? unsaid({ format: split.format }) : []),
  ];
  const text = [
    '',
    CLOUD_NAME,
    'image',
    'upload',
    ...segments.map((segment) =>
      segment.map(([key, value]) => `${key}_${encodeURIComponent(value).replace(/%3A/g, ':')}`).join(','),
    ),
    publicId(path, split.format),
  ].join('/');
  return writtenOrUnsupported(text, unsupported);
}

export const cloudinaryWriter: DialectWriter = { name: 'cloudinary', write };
