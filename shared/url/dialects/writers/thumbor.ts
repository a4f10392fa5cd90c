import {
  solidColour,
  type RequestedFormat,
  type TransformField,
  type TransformStep,
} from '../../transform-spec';
import { canonicalText } from '../canonical';
import { resizeOf, type ThumborResize } from '../thumbor';
import { THUMBOR_FORMATS } from '../thumbor-filters';
import { placeSteps, type StepSlots } from './slots';
import {
  encodePath,
  givesOnly,
  invert,
  isDefaultBlur,
  isPixelExtract,
  splitFormat,
  unsaid,
  wholePixels,
  writtenOrUnsupported,
  type DialectWriter,
  type WrittenUrl,
} from './written';

const NAME_OF_FORMAT = invert(THUMBOR_FORMATS);
/** Every way Thumbor sizes, to find the one that reads as a step's crop. */
const RESIZES: readonly ThumborResize[] = [false, true].flatMap((fitIn) =>
  [false, true].flatMap((fill) => [false, true].map((noUpscale) => ({ fitIn, fill, noUpscale }))),
);
/** Thumbor's rotations (counter-clockwise, after the resize) that read as canonical clockwise ones. */
const ROTATIONS = new Set([90, 180, 270]);

/** The options and filters of Thumbor's resize step, and the fields they say. */
interface MainOptions {
  segments: string[];
  filters: string[];
  done: Set<TransformField>;
}

/** `fill(...)`'s argument for a background: a colour as the canonical table writes it, or `blur`. */
function fillArgument(step: TransformStep): string | undefined {
  const colour = solidColour(step.background);
  if (colour !== undefined) return canonicalText('background', colour);
  return isDefaultBlur(step.background) ? 'blur' : undefined;
}

/** `fit-in`, `WxH` (`-` flips), alignment or `smart`, as Thumbor orders them. */
function sizeOptions(step: TransformStep, options: MainOptions): void {
  const { done } = options;
  const width = wholePixels(step.width, 1);
  const height = wholePixels(step.height, 1);
  if (width !== undefined) done.add('width');
  if (height !== undefined) done.add('height');
  const sized = width !== undefined || height !== undefined;
  const fill = fillArgument(step);
  const wanted =
    step.cropMode === undefined ? { crop: step.crop ?? 'maintain_ratio' } : { cropMode: step.cropMode };
  const resize = RESIZES.find((candidate) => {
    const read = resizeOf(candidate);
    return (
      (!candidate.fill || fill !== undefined) &&
      read.crop === wanted.crop &&
      read.cropMode === wanted.cropMode
    );
  });
  const fitIn = sized && resize?.fitIn === true;
  if (sized && resize) {
    done.add(step.cropMode === undefined ? 'crop' : 'cropMode');
    if (resize.fill && fill !== undefined) {
      options.filters.push(`fill(${fill})`);
      done.add('background');
    }
    if (resize.noUpscale) options.filters.push('no_upscale()');
  }
  if (fitIn) options.segments.push('fit-in');
  const hflip = step.flip === 'h' || step.flip === 'h_v';
  const vflip = step.flip === 'v' || step.flip === 'h_v';
  if (step.flip !== undefined) done.add('flip');
  if (sized || step.flip !== undefined)
    options.segments.push(`${hflip ? '-' : ''}${width ?? 0}x${vflip ? '-' : ''}${height ?? 0}`);
  // Thumbor aligns crops to fill only; the centre is its default.
  if (!sized || fitIn || step.focus === undefined) return;
  if (step.focus === 'auto') options.segments.push('smart');
  else if (step.focus !== 'center') {
    const [first = '', second] = step.focus.split('_');
    const vertical = ['top', 'bottom'].includes(first) ? first : undefined;
    const horizontal = ['left', 'right'].includes(second ?? first) ? (second ?? first) : undefined;
    if (vertical === undefined && horizontal === undefined) return;
    options.segments.push(...[horizontal, vertical].filter((side) => side !== undefined));
  }
  done.add('focus');
}

function mainOptions(
  step: TransformStep,
  format: RequestedFormat | undefined,
): MainOptions & { formatSaid: boolean } {
  const options: MainOptions = { segments: [], filters: [], done: new Set() };
  sizeOptions(step, options);
  const { filters, done } = options;
  const say = (filter: string, field: TransformField) => {
    filters.push(filter);
    done.add(field);
  };
  const colour = solidColour(step.background);
  if (!done.has('background') && colour !== undefined)
    say(`background_color(${canonicalText('background', colour)})`, 'background');
  if (step.quality !== undefined) say(`quality(${canonicalText('quality', step.quality)})`, 'quality');
  const formatName = format === undefined || format === 'orig' ? '' : NAME_OF_FORMAT.get(format);
  if (formatName) filters.push(`format(${formatName})`);
  if (step.grayscale) say('grayscale()', 'grayscale');
  if (step.blur !== undefined) say(`blur(${step.blur})`, 'blur');
  return { ...options, formatSaid: formatName !== undefined };
}

type Slot = 'trim' | 'crop' | 'main' | 'rotate';

/** Thumbor's parser yields `trim`, then the `AxB:CxD` crop, then the resize, then `rotate()`. */
const SLOTS: StepSlots<Slot> = {
  order: ['trim', 'crop', 'main', 'rotate'],
  main: 'main',
  fits: (slot, step) =>
    slot === 'trim'
      ? givesOnly(step, ['trim']) && step.trim === true
      : slot === 'crop'
        ? isPixelExtract(step)
        : givesOnly(step, ['rotate']) && typeof step.rotate === 'number' && ROTATIONS.has(step.rotate),
  writesWhole: (step) => unsaid(step, mainOptions(step, undefined).done).length === 0,
};

/**
 * Thumbor: `/unsafe/[trim/][AxB:CxD/][fit-in/]WxH/[<align>/|smart/][filters:.../]<path>`. Unsigned
 * (`unsafe`): endpoints that require Thumbor signatures are left to Thumbor's own libraries.
 */
function write(steps: readonly TransformStep[], path: string): WrittenUrl {
  const split = splitFormat(steps);
  const placement = placeSteps(split.steps, SLOTS);
  const { trim, crop, main = {}, rotate } = placement.steps;
  const written = mainOptions(main, split.format);
  const segments = ['unsafe'];
  if (trim) segments.push('trim');
  if (crop) {
    // Whole pixels (`isPixelExtract`): left x top : right x bottom.
    const { x = 0, y = 0, height = 0 } = crop;
    segments.push(`${x}x${y}:${x + Number(crop.width)}x${y + height}`);
  }
  segments.push(...written.segments);
  if (typeof rotate?.rotate === 'number') written.filters.push(`rotate(${360 - rotate.rotate})`);
  if (written.filters.length > 0) segments.push(`filters:${written.filters.join(':')}`);
  const unsupported = [
    ...unsaid(main, written.done),
    ...(written.formatSaid ? [] : unsaid({ format: split.format })),
    ...placement.unplaced,
  ];
  return writtenOrUnsupported(`/${[...segments, encodePath(path)].join('/')}`, unsupported);
}

export const thumborWriter: DialectWriter = { name: 'thumbor', write };
