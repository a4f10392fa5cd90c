import type { CropMode, CropStrategy, Flip, RequestedFormat, TransformStep } from '../transform-spec';

/**
 * imgix's values in canonical terms: the parser reads them, the writer (`writers/imgix.ts`) inverts
 * them, so a value added here is read and written alike. Browser-safe data only.
 */

/** imgix's fit modes that crop or scale; clip (imgix's default) fits inside and may enlarge. */
export const IMGIX_FIT_CROPS: Readonly<Record<string, CropStrategy>> = {
  clip: 'at_max_enlarge',
  max: 'at_max',
  crop: 'maintain_ratio',
  scale: 'force',
};

/** imgix's fit modes that pad to the box. */
export const IMGIX_FIT_PADS: Readonly<Record<string, CropMode>> = {
  fill: 'pad_resize',
  fillmax: 'pad_resize_no_enlarge',
};

/** `fm` values; `pjpg` is also progressive. The first name of a format is the one written. */
export const IMGIX_FORMATS: Readonly<Record<string, RequestedFormat>> = {
  jpg: 'jpeg',
  pjpg: 'jpeg',
  png: 'png',
  webp: 'webp',
  gif: 'gif',
  avif: 'avif',
};

export const IMGIX_FLIPS: Readonly<Record<string, Flip>> = { h: 'h', v: 'v', hv: 'h_v' };

/**
 * `or`/`orient`: EXIF orientations 1-8 and the degree aliases, applied before any resizing. A Map, so
 * the degree aliases come first and are the names written.
 */
export const IMGIX_ORIENTATIONS: ReadonlyMap<string, TransformStep | undefined> = new Map<
  string,
  TransformStep | undefined
>([
  ['90', { rotate: 90 }],
  ['180', { rotate: 180 }],
  ['270', { rotate: 270 }],
  ['1', undefined],
  ['2', { flip: 'h' }],
  ['3', { rotate: 180 }],
  ['4', { flip: 'v' }],
  ['6', { rotate: 90 }],
  ['8', { rotate: 270 }],
]);
