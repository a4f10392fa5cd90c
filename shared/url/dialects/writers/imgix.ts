import {
  solidColour,
  type Focus,
  type RequestedFormat,
  type TransformField,
  type TransformStep,
} from '../../transform-spec';
import { formatNumber } from '../../validators';
import { canonicalText } from '../canonical';
import {
  IMGIX_FIT_CROPS,
  IMGIX_FIT_PADS,
  IMGIX_FLIPS,
  IMGIX_FORMATS,
  IMGIX_ORIENTATIONS,
} from '../imgix-tables';
import { placeSteps, type StepSlots } from './slots';
import {
  encodePath,
  givenFields,
  givesOnly,
  hexColour,
  invert,
  isDefaultBlur,
  isPixelExtract,
  splitFormat,
  unsaid,
  writtenOrUnsupported,
  type DialectWriter,
  type WrittenUrl,
} from './written';

const FIT_OF_CROP = invert(IMGIX_FIT_CROPS);
const FIT_OF_PAD = invert(IMGIX_FIT_PADS);
const NAME_OF_FORMAT = invert(IMGIX_FORMATS);
const NAME_OF_FLIP = invert(IMGIX_FLIPS);
const PAD_FITS = new Set(Object.keys(IMGIX_FIT_PADS));

type Query = Array<[name: string, value: string]>;

/** The first `or` value that reads as this step (a lone rotation or flip). */
function orientation(step: TransformStep): string | undefined {
  for (const [name, oriented] of IMGIX_ORIENTATIONS)
    if (
      oriented !== undefined &&
      givesOnly(step, givenFields(oriented)) &&
      givenFields(oriented).every((field) => step[field] === oriented[field])
    )
      return name;
  return undefined;
}

/** imgix sizes: pixels, or a fraction below 1; imgix reads `1` as the whole source, so 1 px is unsaid. */
const size = (value: number | 'auto' | undefined): string | undefined =>
  typeof value === 'number' && value !== 1 ? formatNumber(value) : undefined;

/** imgix's `crop=` sides for a side or corner focus; '' for the centre (imgix's default). */
function cropSides(focus: Focus): string | undefined {
  if (focus === 'center') return '';
  const sides = focus.split('_');
  return sides.every((side) => ['top', 'bottom', 'left', 'right'].includes(side))
    ? sides.join(',')
    : undefined;
}

/** imgix colours: hex, alpha first (`80FF0000`). */
function imgixColour(step: TransformStep): string | undefined {
  const colour = solidColour(step.background);
  if (colour === undefined) return undefined;
  const { rgb, alpha } = hexColour(colour);
  return `${alpha ?? ''}${rgb}`;
}

/** `fm`/`auto=format`: undefined and `orig` keep the source format, imgix's default. */
function formatParameter(format: RequestedFormat | undefined, progressive: boolean): Query | undefined {
  if (format === undefined || format === 'orig') return [];
  if (format === 'auto') return [['auto', 'format']];
  if (format === 'jpeg' && progressive) return [['fm', 'pjpg']];
  const name = NAME_OF_FORMAT.get(format);
  return name === undefined ? undefined : [['fm', name]];
}

/** The parameters of imgix's one transformation step, and the fields they say. */
function mainQuery(step: TransformStep): { query: Query; done: Set<TransformField> } {
  const query: Query = [];
  const done = new Set<TransformField>();
  const say = (name: string, value: string, ...fields: TransformField[]) => {
    query.push([name, value]);
    for (const field of fields) done.add(field);
  };
  const width = size(step.width);
  const height = size(step.height);
  if (width !== undefined) say('w', width, 'width');
  if (height !== undefined) say('h', height, 'height');
  // imgix reads fit only with a size; without a crop or crop mode the canonical default crops to fill.
  const fit =
    width === undefined && height === undefined
      ? undefined
      : step.cropMode === undefined
        ? FIT_OF_CROP.get(step.crop ?? 'maintain_ratio')
        : FIT_OF_PAD.get(step.cropMode);
  if (fit !== undefined) say('fit', fit, step.cropMode === undefined ? 'crop' : 'cropMode');
  const sides = fit === 'crop' && step.focus !== undefined ? cropSides(step.focus) : undefined;
  if (sides === '') done.add('focus');
  else if (sides !== undefined) say('crop', sides, 'focus');
  if (fit === 'crop' && step.aspectRatio && (width === undefined) !== (height === undefined))
    say(
      'ar',
      `${formatNumber(step.aspectRatio.width)}:${formatNumber(step.aspectRatio.height)}`,
      'aspectRatio',
    );
  if (step.dpr !== undefined) say('dpr', canonicalText('dpr', step.dpr), 'dpr');
  if (step.quality !== undefined) say('q', canonicalText('quality', step.quality), 'quality');
  const padded = fit !== undefined && PAD_FITS.has(fit);
  const colour = imgixColour(step);
  if (colour !== undefined) say(padded ? 'fill-color' : 'bg', colour, 'background');
  else if (padded && isDefaultBlur(step.background)) say('fill', 'blur', 'background');
  // imgix's 0-2000 blur and 0-100 sharpening, as its parser scales them (see imgix.ts).
  if (step.blur !== undefined) say('blur', formatNumber(step.blur * 20), 'blur');
  if (typeof step.sharpen === 'number') say('sharp', formatNumber(step.sharpen * 10), 'sharpen');
  const flip = step.flip === undefined ? undefined : NAME_OF_FLIP.get(step.flip);
  if (flip !== undefined) say('flip', flip, 'flip');
  if (step.grayscale) say('sat', '-100', 'grayscale');
  if (step.trim === true) say('trim', 'auto', 'trim');
  if (step.lossless !== undefined) say('lossless', step.lossless ? '1' : '0', 'lossless');
  return { query, done };
}

type Slot = 'rect' | 'orient' | 'main';

/** imgix's parser yields `rect` (an extract), then `or` (a rotation or flip), then everything else. */
const SLOTS: StepSlots<Slot> = {
  order: ['rect', 'orient', 'main'],
  main: 'main',
  fits: (slot, step) => (slot === 'rect' ? isPixelExtract(step) : orientation(step) !== undefined),
  writesWhole: (step) => unsaid(step, mainQuery(step).done).length === 0,
};

/**
 * imgix: `/<path>?w=300&h=200&fit=crop`. One transformation step, after an optional `rect` extract and
 * `or` orientation; sizes always carry `fit`, since imgix's default (clip) is not the canonical one.
 */
function write(steps: readonly TransformStep[], path: string): WrittenUrl {
  const split = splitFormat(steps);
  const placement = placeSteps(split.steps, SLOTS);
  const { rect, orient, main = {} } = placement.steps;
  const query: Query = [];
  if (rect) query.push(['rect', [rect.x, rect.y, rect.width, rect.height].map(String).join(',')]);
  const orientName = orient && orientation(orient);
  if (orientName !== undefined) query.push(['or', orientName]);
  const written = mainQuery(main);
  const format = formatParameter(split.format, main.progressive === true);
  if (format !== undefined && split.format === 'jpeg' && main.progressive === true)
    written.done.add('progressive');
  const unsupported = [
    ...unsaid(main, written.done),
    ...(format === undefined ? unsaid({ format: split.format }) : []),
    ...placement.unplaced,
  ];
  const search = [...query, ...written.query, ...(format ?? [])]
    .map(([name, value]) => `${name}=${encodeURIComponent(value).replace(/%2C/g, ',').replace(/%3A/g, ':')}`)
    .join('&');
  return writtenOrUnsupported(`/${encodePath(path)}${search ? `?${search}` : ''}`, unsupported);
}

export const imgixWriter: DialectWriter = { name: 'imgix', write };
