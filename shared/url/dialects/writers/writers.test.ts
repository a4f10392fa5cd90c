import { parseChain } from '../../chain';
import { FLIP_VALUES, type TransformStep } from '../../transform-spec';
import { CLOUDINARY_CROP_MODES, CLOUDINARY_FORMATS, CLOUDINARY_GRAVITY, cropOf } from '../cloudinary-params';
import { IMGIX_FIT_CROPS, IMGIX_FIT_PADS, IMGIX_FORMATS } from '../imgix-tables';
import { dialectFor } from '../index';
import { THUMBOR_FORMATS } from '../thumbor-filters';
import { writerFor, type ForeignDialect } from './index';

const ENDPOINT = 'demo';
const PATH = 'photos/landscape.jpg';
const DIALECTS = ['imgix', 'thumbor', 'cloudinary'] as const;

/**
 * A request as every dialect spells it: the output format once (the last one set; the source format
 * when none is, the foreign dialects' default), sizes with the canonical default crop (to fill) said,
 * the centre focus left out (everyone's default), and steps that held nothing else dropped.
 */
function spelledOut(steps: readonly TransformStep[]) {
  const format = steps.findLast((step) => step.format !== undefined)?.format ?? 'orig';
  const rest = steps
    .map(({ format: _format, ...step }) => {
      const spelled: TransformStep = { ...step };
      if (spelled.focus === 'center') delete spelled.focus;
      const sized = spelled.width !== undefined || spelled.height !== undefined;
      if (sized && spelled.crop === undefined && spelled.cropMode === undefined)
        spelled.crop = 'maintain_ratio';
      return spelled;
    })
    .filter((step) => Object.keys(step).length > 0);
  return { format, steps: rest };
}

const write = (dialect: ForeignDialect, chain: string, path = PATH) =>
  writerFor(dialect).write(parseChain(chain), path);

/** The written URL read back by the dialect's own parser: its steps and the files it looks for. */
function readBack(dialect: ForeignDialect, text: string) {
  const [rawPath = '', rawQueryString = ''] = text.split('?');
  const request = dialectFor(dialect).parse({ endpointSegment: ENDPOINT, rawPath, rawQueryString });
  const files = [request.path, ...(request.alternatePaths ?? [])].map((path) => path.segments.join('/'));
  return { steps: request.steps, files };
}

function expectRoundTrip(dialect: ForeignDialect, chain: string, path = PATH): void {
  const written = write(dialect, chain, path);
  if (!('text' in written))
    throw new Error(`${dialect} could not write ${chain}: ${written.unsupported.join(', ')}`);
  const read = readBack(dialect, written.text);
  expect([written.text, spelledOut(read.steps)]).toEqual([written.text, spelledOut(parseChain(chain))]);
  expect(read.files).toContain(path);
}

/** Per dialect, what it cannot say of the chain ([] when it says all of it). */
type Expressible = Record<ForeignDialect, string[]>;
const all: Expressible = { imgix: [], thumbor: [], cloudinary: [] };

// prettier-ignore
const CASES: ReadonlyArray<[chain: string, unsupported: Partial<Expressible>]> = [
  ['w-300', {}],
  ['h-200', {}],
  ['w-300,h-200', {}],
  ['w-0.5', { thumbor: ['w-0.5'] }],
  ['w-300,h-200,c-at_max', {}],
  ['w-300,h-200,c-at_max_enlarge', {}],
  ['w-300,h-200,c-maintain_ratio_no_enlarge', { imgix: ['c-maintain_ratio_no_enlarge'] }],
  ['w-300,h-200,c-force', { thumbor: ['c-force'] }],
  ['w-300,h-200,c-at_least', { imgix: ['c-at_least'], thumbor: ['c-at_least'] }],
  ['w-300,h-200,cm-pad_resize,bg-FF0000', {}],
  ['w-300,h-200,cm-pad_resize_no_enlarge,bg-blurred', { cloudinary: ['bg-blurred_auto_0'] }],
  ['w-300,h-200,cm-pad_resize', { thumbor: ['cm-pad_resize'] }],
  ['cm-extract,x-10,y-20,w-100,h-50', {}],
  ['cm-extract,x-10,y-20,w-100,h-50:w-50', {}],
  ['w-300,h-200,fo-top_left', {}],
  ['w-300,h-200,fo-bottom', {}],
  ['w-300,h-200,fo-center', {}],
  ['w-300,h-200,fo-auto', { imgix: ['fo-auto'] }],
  ['w-300,h-200,fo-face', { imgix: ['fo-face'], thumbor: ['fo-face'], cloudinary: ['fo-face'] }],
  ['w-300,ar-16-9', { thumbor: ['ar-16-9'] }],
  ['q-80', {}],
  ['f-webp', {}],
  ['f-orig', {}],
  ['f-auto', { thumbor: ['f-auto'] }],
  ['f-jpeg,pr-true', { thumbor: ['pr-true'] }],
  ['w-300,h-200:f-png', {}],
  ['bl-10', {}],
  ['rt-90', {}],
  ['rt-180', {}],
  ['rt-45', { imgix: ['rt-45'], thumbor: ['rt-45'] }],
  ['rt-N90', { imgix: ['rt-N90'], thumbor: ['rt-N90'] }],
  ['w-300,rt-90', { imgix: ['rt-90'], thumbor: ['rt-90'] }],
  ['w-300:rt-90', { imgix: ['"rt-90" as step 2'] }],
  ['rt-90:w-300', { thumbor: ['"w-300" as step 2'] }],
  ['fl-h', {}],
  ['fl-v', {}],
  ['fl-h_v', { cloudinary: ['fl-h_v'] }],
  ['rt-90,fl-h', { imgix: ['rt-90'], thumbor: ['rt-90'], cloudinary: ['fl-h'] }],
  ['e-grayscale', {}],
  ['e-grayscale,bl-5', { cloudinary: ['bl-5'] }],
  ['e-grayscale:bl-5', { imgix: ['"bl-5" as step 2'], thumbor: ['"bl-5" as step 2'] }],
  ['w-300,h-200:e-grayscale:bl-5', {
    imgix: ['"e-grayscale" as step 2', '"bl-5" as step 3'],
    thumbor: ['"e-grayscale" as step 2', '"bl-5" as step 3'],
  }],
  ['bg-FF000050', {}],
  ['bg-lightgreen', {}],
  ['e-sharpen-2', { thumbor: ['e-sharpen-2'] }],
  ['e-sharpen-0.07', { thumbor: ['e-sharpen-0.07'] }],
  ['e-sharpen', { imgix: ['e-sharpen'], thumbor: ['e-sharpen'], cloudinary: ['e-sharpen'] }],
  ['t-true', {}],
  ['t-true:w-300', { imgix: ['"w-300" as step 2'] }],
  ['dpr-2,w-300', { thumbor: ['dpr-2'] }],
  ['lo-true,f-webp', { thumbor: ['lo-true'], cloudinary: ['lo-true'] }],
  ['r-20,b-5_FF0000,o-50', { imgix: ['b-5_FF0000', 'r-20', 'o-50'], thumbor: ['b-5_FF0000', 'r-20', 'o-50'] }],
  ['r-max', { imgix: ['r-max'], thumbor: ['r-max'] }],
  ['n-thumb', { imgix: ['n-thumb'], thumbor: ['n-thumb'] }],
  ['w-10,di-fallback@@missing.jpg', { imgix: ['di-fallback@@missing.jpg'], thumbor: ['di-fallback@@missing.jpg'] }],
  ['e-shadow', { imgix: ['e-shadow-bl-10_st-30_x-2_y-2'], thumbor: ['e-shadow-bl-10_st-30_x-2_y-2'], cloudinary: ['e-shadow-bl-10_st-30_x-2_y-2'] }],
  ['w-iw_div_2', { imgix: ['w-iw_div_2'], thumbor: ['w-iw_div_2'], cloudinary: ['w-iw_div_2'] }],
  ['w-auto', { imgix: ['w-auto'], thumbor: ['w-auto'], cloudinary: ['w-auto'] }],
  ['w-300,l-text,i-Hi,l-end', { imgix: ['l-text'], thumbor: ['l-text'], cloudinary: ['l-text'] }],
];

const ROWS = CASES.flatMap(([chain, unsupported]) =>
  DIALECTS.map((dialect) => [dialect, chain, { ...all, ...unsupported }[dialect]] as const),
);

describe('the dialect writers', () => {
  it.each(ROWS.filter(([, , unsupported]) => unsupported.length === 0))(
    '%s writes tr:%s so that its own parser reads the same request back',
    (dialect, chain) => expectRoundTrip(dialect, chain),
  );

  it.each(ROWS.filter(([, , unsupported]) => unsupported.length > 0))(
    '%s cannot say all of tr:%s and lists what it cannot: %j',
    (dialect, chain, unsupported) => {
      expect(write(dialect, chain)).toEqual({ unsupported });
    },
  );

  it.each([
    ['w-300,h-200', 'imgix', '/photos/landscape.jpg?w=300&h=200&fit=crop'],
    ['w-300,h-200', 'thumbor', '/unsafe/300x200/photos/landscape.jpg'],
    ['w-300,h-200', 'cloudinary', '/imgfront/image/upload/w_300,h_200,c_fill/photos/landscape'],
    ['w-300', 'cloudinary', '/imgfront/image/upload/w_300/photos/landscape'],
    ['w-300', 'thumbor', '/unsafe/300x0/photos/landscape.jpg'],
    [
      'w-400,h-300,cm-pad_resize,bg-FFFFFF,f-webp',
      'imgix',
      '/photos/landscape.jpg?w=400&h=300&fit=fill&fill-color=FFFFFF&fm=webp',
    ],
    [
      'w-400,h-300,cm-pad_resize,bg-FFFFFF,f-webp',
      'thumbor',
      '/unsafe/fit-in/400x300/filters:fill(FFFFFF):format(webp)/photos/landscape.jpg',
    ],
    [
      'w-400,h-300,cm-pad_resize,bg-FFFFFF,f-webp',
      'cloudinary',
      '/imgfront/image/upload/w_400,h_300,c_pad,b_rgb:FFFFFF,f_webp/photos/landscape.jpg',
    ],
    ['w-300,h-200,fo-top_left', 'imgix', '/photos/landscape.jpg?w=300&h=200&fit=crop&crop=top,left'],
    ['w-300,h-200,fo-top_left', 'thumbor', '/unsafe/300x200/left/top/photos/landscape.jpg'],
    [
      'cm-extract,x-10,y-20,w-100,h-50:rt-90',
      'thumbor',
      '/unsafe/10x20:110x70/filters:rotate(270)/photos/landscape.jpg',
    ],
    ['rt-90:w-300,e-grayscale', 'imgix', '/photos/landscape.jpg?or=90&w=300&fit=crop&sat=-100'],
    [
      'w-300,h-200:e-grayscale:bl-5',
      'cloudinary',
      '/imgfront/image/upload/w_300,h_200,c_fill/e_grayscale/e_blur:100/photos/landscape',
    ],
  ] as const)('tr:%s reads in %s as %s', (chain, dialect, text) => {
    expect(write(dialect, chain)).toEqual({ text });
  });

  it.each(DIALECTS)('%s encodes each path segment once and reads the same file back', (dialect) => {
    expectRoundTrip(dialect, 'w-300', 'products/blue shoe.jpg');
    expectRoundTrip(dialect, 'w-300,f-png', 'products/blue shoe.jpg');
  });
});

/** Every value a parser's table reads, its writer writes: a row added to a table is written too. */
describe('the writers invert the dialects’ own tables', () => {
  it.each([...new Set(Object.values(IMGIX_FIT_CROPS))])('imgix writes c-%s as a fit', (crop) => {
    expectRoundTrip('imgix', `w-300,h-200,c-${crop}`);
  });

  it.each([...new Set(Object.values(IMGIX_FIT_PADS))])('imgix writes cm-%s as a fit', (mode) => {
    expectRoundTrip('imgix', `w-300,h-200,cm-${mode},bg-00FF00`);
  });

  it.each(FLIP_VALUES)('imgix writes fl-%s', (flip) => expectRoundTrip('imgix', `fl-${flip}`));

  it.each([
    ['imgix', IMGIX_FORMATS],
    ['thumbor', THUMBOR_FORMATS],
    ['cloudinary', CLOUDINARY_FORMATS],
  ] as const)('%s writes every format its parser reads', (dialect, formats) => {
    for (const format of new Set(Object.values(formats))) expectRoundTrip(dialect, `w-300,f-${format}`);
  });

  it.each(Object.values(CLOUDINARY_GRAVITY))('cloudinary writes fo-%s as a gravity', (focus) => {
    expectRoundTrip('cloudinary', `w-300,h-200,fo-${focus}`);
  });

  it.each(CLOUDINARY_CROP_MODES)('cloudinary writes what c_%s reads as', (mode) => {
    const crop = cropOf(mode, true) ?? {};
    const given = crop.crop === undefined ? `cm-${crop.cropMode}` : `c-${crop.crop}`;
    const extract = crop.cropMode === 'extract' ? ',x-10,y-20' : '';
    expectRoundTrip('cloudinary', `w-300,h-200,${given}${extract}`);
  });
});
