import { parseChain, serializeChain } from './chain';
import { PARAMETERS, type ParameterDescriptor } from './parameters';
import { CROP_MODES, CROP_STRATEGIES, FLIP_VALUES, FOCUS_VALUES } from './transform-spec';

const WHITE = { r: 255, g: 255, b: 255, alpha: 1 };
const CLEAR_BLACK = { r: 0, g: 0, b: 0, alpha: 0 };

/** Names an object inherits: a lookup table built from a plain object would otherwise "find" them. */
const INHERITED_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];

/**
 * Valid tokens with the value they parse to, and invalid tokens, for every parameter in the table.
 * A parameter added to `PARAMETERS` without a row here fails the first test below.
 */
const VALUES: Record<string, { valid: Array<[token: string, value: unknown]>; invalid: string[] }> = {
  n: {
    valid: [
      ['n-thumb', 'thumb'],
      ['n-Product_Card-2', 'Product_Card-2'],
    ],
    invalid: ['n', 'n-', 'n-a.b', 'n-caf\u00e9', `n-${'a'.repeat(65)}`, 'n-a b'],
  },
  w: {
    valid: [
      ['w-400', 400],
      ['w-0.5', 0.5],
      ['w-.25', 0.25],
      ['w-1', 1],
      ['w-100000', 100_000],
      ['w-0.0001', 0.0001],
      ['w-auto', 'auto'],
    ],
    invalid: [
      'w',
      'w-',
      'w-0',
      'w-100001',
      'w-NaN',
      'w-Infinity',
      'w-1e3',
      'w--5',
      'w-+5',
      'w-0x10',
      'w-1.',
      'w-\u0663',
      'w-\uff15',
      `w-${'1'.repeat(13)}`,
      'w-400px',
    ],
  },
  h: {
    valid: [
      ['h-300', 300],
      ['h-0.1', 0.1],
    ],
    invalid: ['h', 'h-0', 'h-100001', 'h-NaN', 'h-1e3', 'h--1', 'h-0x10', 'h-\u0663'],
  },
  ar: {
    valid: [
      ['ar-4-3', { width: 4, height: 3 }],
      ['ar-1.5-1', { width: 1.5, height: 1 }],
      ['ar-16-9', { width: 16, height: 9 }],
    ],
    invalid: [
      'ar',
      'ar-',
      'ar-4',
      'ar-0-3',
      'ar-4-0',
      'ar--4-3',
      'ar-a-b',
      'ar-1e2-1',
      'ar-123456-1',
      'ar-4-3-2',
    ],
  },
  c: {
    valid: CROP_STRATEGIES.map((value) => [`c-${value}`, value]),
    invalid: [
      'c',
      'c-',
      'c-fill',
      'c-maintain-ratio',
      'c-at_max ',
      ...INHERITED_NAMES.map((name) => `c-${name}`),
    ],
  },
  cm: {
    valid: CROP_MODES.map((value) => [`cm-${value}`, value]),
    invalid: ['cm', 'cm-', 'cm-pad', 'cm-crop', ...INHERITED_NAMES.map((name) => `cm-${name}`)],
  },
  fo: {
    // `fo-custom` needs coordinates to mean anything.
    valid: FOCUS_VALUES.map((value) => [value === 'custom' ? 'fo-custom,x-10' : `fo-${value}`, value]),
    invalid: [
      'fo',
      'fo-',
      'fo-middle',
      'fo-faces',
      'fo-top-left',
      ...INHERITED_NAMES.map((name) => `fo-${name}`),
    ],
  },
  z: {
    // ImageKit: `z` is used with `fo-face`, and alone it is refused.
    valid: [
      ['z-2,fo-face', 2],
      ['fo-face,z-0.5', 0.5],
      ['z-1,fo-face', 1],
      ['z-0.01,fo-face', 0.01],
      ['z-10,fo-face', 10],
    ],
    invalid: [
      'z-2',
      'z-2,fo-auto',
      'z,fo-face',
      'z-0,fo-face',
      'z-10.5,fo-face',
      'z-N2,fo-face',
      'z-1e1,fo-face',
    ],
  },
  x: {
    valid: [
      ['x-0', 0],
      ['x-100000', 100_000],
    ],
    invalid: ['x', 'x--1', 'x-1.5', 'x-100001', 'x-1e3', 'x-NaN', 'x-0x1'],
  },
  y: {
    valid: [
      ['y-0', 0],
      ['y-250', 250],
    ],
    invalid: ['y', 'y--1', 'y-2.5', 'y-1e3'],
  },
  xc: {
    valid: [
      ['xc-0', 0],
      ['xc-200', 200],
    ],
    invalid: ['xc', 'xc--1', 'xc-0.5', 'xc-1e3'],
  },
  yc: {
    valid: [
      ['yc-0', 0],
      ['yc-150', 150],
    ],
    invalid: ['yc', 'yc--1', 'yc-0.5', 'yc-NaN'],
  },
  dpr: {
    valid: [
      ['dpr-0.1', 0.1],
      ['dpr-2', 2],
      ['dpr-2.5', 2.5],
      ['dpr-auto', 'auto'],
      ['dpr-5', 5],
    ],
    invalid: ['dpr', 'dpr-0', 'dpr-0.09', 'dpr-5.1', 'dpr-1e0', 'dpr--2', 'dpr-NaN'],
  },
  t: {
    valid: [
      ['t-true', true],
      ['t-1', 1],
      ['t-99', 99],
      ['t-false', false],
    ],
    invalid: ['t', 't-', 't-0', 't-100', 't-FALSE', 't-10.5', 't-yes'],
  },
  rt: {
    valid: [
      ['rt-90', 90],
      ['rt-N90', -90],
      ['rt-45.5', 45.5],
      ['rt-0', 0],
      ['rt-360', 360],
      ['rt-auto', 'auto'],
    ],
    invalid: ['rt', 'rt-', 'rt-361', 'rt--90', 'rt-n90', 'rt-N', 'rt-1e2', 'rt-NaN', 'rt-90deg', 'rt-1234'],
  },
  fl: {
    valid: FLIP_VALUES.map((value) => [`fl-${value}`, value]),
    invalid: ['fl', 'fl-', 'fl-x', 'fl-hv', 'fl-v_h', ...INHERITED_NAMES.map((name) => `fl-${name}`)],
  },
  bg: {
    valid: [
      ['bg-FF0000', { r: 255, g: 0, b: 0, alpha: 1 }],
      // ImageKit's RGBA: the last two digits are a decimal opacity 00-99.
      ['bg-00ff0080', { r: 0, g: 255, b: 0, alpha: 0.8 }],
      ['bg-0000FF00', { r: 0, g: 0, b: 255, alpha: 0 }],
      ['bg-0000FF99', { r: 0, g: 0, b: 255, alpha: 0.99 }],
      ['bg-F0F', { r: 255, g: 0, b: 255, alpha: 1 }],
      ['bg-red', { r: 255, g: 0, b: 0, alpha: 1 }],
      ['bg-lightgreen', { r: 144, g: 238, b: 144, alpha: 1 }],
      ['bg-grey', { r: 128, g: 128, b: 128, alpha: 1 }],
      ['bg-dominant,cm-pad_resize', 'dominant'],
      ['bg-blurred,cm-pad_resize', { intensity: 'auto', brightness: 0 }],
      ['bg-blurred_25,cm-pad_resize', { intensity: 25, brightness: 0 }],
      ['bg-blurred_25_N30,cm-pad_resize', { intensity: 25, brightness: -30 }],
      ['bg-blurred_auto_30,cm-pad_resize', { intensity: 'auto', brightness: 30 }],
      ['bg-blurred_0_N255,cm-pad_resize_no_enlarge', { intensity: 0, brightness: -255 }],
      ['bg-blurred_100_255,cm-pad_resize', { intensity: 100, brightness: 255 }],
      ['bg-blurred_1_N0,cm-pad_resize', { intensity: 1, brightness: 0 }],
    ],
    invalid: [
      'bg',
      'bg-',
      'bg-GG0000',
      'bg-FF00',
      'bg-#FF0000',
      'bg-FF0000FF',
      'bg-FF00008A',
      'bg-FF0000FF00',
      'bg-F0F80',
      'bg-\uff26F0000',
      'bg-Red',
      'bg-redd',
      'bg-rebeccapurple',
      'bg-blurred,cm-extract',
      'bg-dominant',
      'bg-blurred_101,cm-pad_resize',
      'bg-blurred_-5,cm-pad_resize',
      'bg-blurred_10_256,cm-pad_resize',
      'bg-blurred_10_N256,cm-pad_resize',
      'bg-blurred_10_-5,cm-pad_resize',
      'bg-blurred_10_5_1,cm-pad_resize',
      'bg-blurred_,cm-pad_resize',
      'bg-Blurred,cm-pad_resize',
      'bg-dominant_1,cm-pad_resize',
      ...INHERITED_NAMES.map((name) => `bg-${name}`),
    ],
  },
  bl: {
    valid: [
      ['bl-1', 1],
      ['bl-100', 100],
    ],
    invalid: ['bl', 'bl-0', 'bl-101', 'bl-1.5', 'bl--1', 'bl-1e1'],
  },
  'e-sharpen': {
    valid: [
      ['e-sharpen', true],
      ['e-sharpen-5', 5],
      ['e-sharpen-0.01', 0.01],
      ['e-sharpen-10', 10],
    ],
    invalid: ['e-sharpen-', 'e-sharpen-0', 'e-sharpen-10.5', 'e-sharpen-abc', 'e-sharpen-1e1'],
  },
  'e-usm': {
    valid: [
      ['e-usm-2-2-0.8-0.024', { radius: 2, sigma: 2, amount: 0.8, threshold: 0.024 }],
      ['e-usm-0-5-1-0.05', { radius: 0, sigma: 5, amount: 1, threshold: 0.05 }],
      ['e-usm-2-0.00-1-0.05', { radius: 2, sigma: 0, amount: 1, threshold: 0.05 }],
      ['e-usm-100-10-10-1', { radius: 100, sigma: 10, amount: 10, threshold: 1 }],
    ],
    invalid: [
      'e-usm',
      'e-usm-',
      'e-usm-2-2-0.8',
      'e-usm-2-2-0.8-0.024-1',
      'e-usm-2--2-0.8-0.024',
      'e-usm-101-2-0.8-0.024',
      'e-usm-2-10.5-0.8-0.024',
      'e-usm-2-2-11-0.024',
      'e-usm-2-2-0.8-1.5',
      'e-usm-2-2-0.8-N1',
      'e-usm-2-2-1e1-0.024',
      'e-usm-a-b-c-d',
    ],
  },
  'e-shadow': {
    valid: [
      ['e-shadow', { blur: 10, saturation: 30, x: 2, y: 2 }],
      ['e-shadow-bl-15_st-40_x-10_y-N5', { blur: 15, saturation: 40, x: 10, y: -5 }],
      ['e-shadow-y-N100_bl-0', { blur: 0, saturation: 30, x: 2, y: -100 }],
      ['e-shadow-st-100_x-100', { blur: 10, saturation: 100, x: 100, y: 2 }],
    ],
    invalid: [
      'e-shadow-',
      'e-shadow-bl-16',
      'e-shadow-st-101',
      'e-shadow-x-101',
      'e-shadow-x-N101',
      'e-shadow-bl-1_bl-2',
      'e-shadow-zz-1',
      'e-shadow-bl-1-st-2',
      'e-shadow-x--5',
    ],
  },
  'e-gradient': {
    valid: [
      ['e-gradient', { angle: 180, from: WHITE, to: CLEAR_BLACK, stop: 1 }],
      [
        'e-gradient-ld-top_right_from-FF000040_to-00FF0040_sp-0.9',
        {
          angle: 45,
          from: { r: 255, g: 0, b: 0, alpha: 0.4 },
          to: { r: 0, g: 255, b: 0, alpha: 0.4 },
          stop: 0.9,
        },
      ],
      [
        'e-gradient-ld-45_from-FF000050_to-FFFFFF50_sp-0.5',
        { angle: 45, from: { r: 255, g: 0, b: 0, alpha: 0.5 }, to: { ...WHITE, alpha: 0.5 }, stop: 0.5 },
      ],
      [
        'e-gradient-ld-top_from-green_to-00FF0010_sp-1',
        { angle: 0, from: { r: 0, g: 128, b: 0, alpha: 1 }, to: { r: 0, g: 255, b: 0, alpha: 0.1 }, stop: 1 },
      ],
      [
        'e-gradient-sp-100_to-red',
        { angle: 180, from: WHITE, to: { r: 255, g: 0, b: 0, alpha: 1 }, stop: 100 },
      ],
      ['e-gradient-ld-bottom_left', { angle: 225, from: WHITE, to: CLEAR_BLACK, stop: 1 }],
      ['e-gradient-ld-topleft', { angle: 315, from: WHITE, to: CLEAR_BLACK, stop: 1 }],
      ['e-gradient-ld-359', { angle: 359, from: WHITE, to: CLEAR_BLACK, stop: 1 }],
    ],
    invalid: [
      'e-gradient-',
      'e-gradient-ld-360',
      'e-gradient-ld-N45',
      'e-gradient-ld-up',
      'e-gradient-ld-top_middle',
      'e-gradient-ld-constructor',
      'e-gradient-from-notacolour',
      'e-gradient-to-FF00',
      'e-gradient-sp-0',
      'e-gradient-sp-1.5',
      'e-gradient-sp-N1',
      'e-gradient-from-red_from-blue',
      'e-gradient-zz-1',
      'e-gradient-_from-red',
    ],
  },
  'e-contrast': {
    valid: [['e-contrast', true]],
    invalid: ['e-contrast-', 'e-contrast-true', 'e-contrast-100'],
  },
  'e-grayscale': {
    valid: [['e-grayscale', true]],
    invalid: ['e-grayscale-', 'e-grayscale-true', 'e-grayscale-1'],
  },
  b: {
    valid: [
      ['b-5_FFF000', { width: 5, colour: { r: 255, g: 240, b: 0, alpha: 1 } }],
      ['b-1_red', { width: 1, colour: { r: 255, g: 0, b: 0, alpha: 1 } }],
      ['b-1000_0000FF50', { width: 1000, colour: { r: 0, g: 0, b: 255, alpha: 0.5 } }],
    ],
    invalid: [
      'b',
      'b-',
      'b-5',
      'b-5_',
      'b-_FF0000',
      'b-0_FF0000',
      'b-1001_FF0000',
      'b-5-FF0000',
      'b-5_FF0000_1',
      'b-1.5_FF0000',
      'b-5_notacolour',
      'b-N5_FF0000',
    ],
  },
  r: {
    valid: [
      ['r-1', 1],
      ['r-20', 20],
      ['r-4096', 4096],
      ['r-max', 'max'],
    ],
    invalid: ['r', 'r-', 'r-0', 'r-4097', 'r-1.5', 'r--5', 'r-MAX', 'r-1e2', 'r-max_1', 'r-NaN'],
  },
  o: {
    valid: [
      ['o-0', 0],
      ['o-50', 50],
      ['o-100', 100],
    ],
    invalid: ['o', 'o-', 'o-101', 'o--1', 'o-50.5', 'o-0.5', 'o-1e1', 'o-NaN', 'o-50%'],
  },
  f: {
    valid: [
      ['f-auto', 'auto'],
      ['f-webp', 'webp'],
      ['f-avif', 'avif'],
      ['f-jpg', 'jpeg'],
      ['f-jpeg', 'jpeg'],
      ['f-png', 'png'],
      ['f-gif', 'gif'],
      ['f-orig', 'orig'],
    ],
    invalid: ['f', 'f-', 'f-svg', 'f-tiff', 'f-bmp', 'f-heic', ...INHERITED_NAMES.map((name) => `f-${name}`)],
  },
  q: {
    valid: [
      ['q-1', 1],
      ['q-75', 75],
      ['q-100', 100],
    ],
    invalid: ['q', 'q-', 'q-0', 'q-101', 'q-50.5', 'q--1', 'q-1e2', 'q-NaN', 'q-0x10', 'q-\u0665\u0660'],
  },
  pr: {
    valid: [
      ['pr-true', true],
      ['pr-false', false],
    ],
    invalid: ['pr', 'pr-', 'pr-1', 'pr-TRUE', 'pr-yes'],
  },
  lo: {
    valid: [
      ['lo-true', true],
      ['lo-false', false],
    ],
    invalid: ['lo', 'lo-0', 'lo-True'],
  },
  md: {
    valid: [
      ['md-true', true],
      ['md-false', false],
    ],
    invalid: ['md', 'md-1', 'md-on'],
  },
  cp: {
    valid: [
      ['cp-true', true],
      ['cp-false', false],
    ],
    invalid: ['cp', 'cp-1', 'cp-no'],
  },
  orig: {
    valid: [
      ['orig-true', true],
      ['orig-false', false],
    ],
    invalid: ['orig', 'orig-', 'orig-1', 'orig-yes'],
  },
  di: {
    valid: [
      ['di-missing.jpg', 'missing.jpg'],
      ['di-fallback@@missing.jpg', 'fallback/missing.jpg'],
      ['di-caf\u00e9 menu.png', 'caf\u00e9 menu.png'],
    ],
    invalid: ['di', 'di-', 'di-a/b.jpg', 'di-a\\b.jpg', `di-${'a'.repeat(513)}`, 'di-a\u0000.jpg'],
  },
  i: {
    valid: [
      ['i-logo.png', 'logo.png'],
      ['i-brand@@logo white.png', 'brand@@logo white.png'],
      ['i-ik_canvas', 'ik_canvas'],
    ],
    invalid: ['i', 'i-', 'i-a/b.png', 'i-a\\b.png', `i-${'a'.repeat(513)}`, 'i-a\u0000.png'],
  },
  ie: {
    valid: [
      ['ie-aGVsbG8=', 'hello'],
      ['ie-bG9nb3MvYnJhbmQucG5n', 'logos/brand.png'],
      // URL-safe alphabet: "~~~" is fn5- in it, fn5+ in the standard one.
      ['ie-fn5-', '~~~'],
    ],
    invalid: ['ie', 'ie-', 'ie-a', 'ie-!!!!', 'ie-/w==', 'ie-AA==', `ie-${'QUFB'.repeat(300)}`],
  },
  lx: {
    valid: [
      ['lx-0', 0],
      ['lx-35', 35],
      ['lx-N35', -35],
    ],
    invalid: ['lx', 'lx-', 'lx--35', 'lx-1.5', 'lx-100001', 'lx-N', 'lx-n35'],
  },
  ly: {
    valid: [
      ['ly-10', 10],
      ['ly-N100', -100],
    ],
    invalid: ['ly', 'ly-', 'ly-1e3', 'ly-N-1'],
  },
  lfo: {
    valid: [
      ['lfo-center', 'center'],
      ['lfo-bottom_right', 'bottom_right'],
    ],
    invalid: ['lfo', 'lfo-auto', 'lfo-custom', 'lfo-middle'],
  },
  lm: {
    valid: [
      ['lm-multiply', 'multiply'],
      ['lm-cutout', 'cutout'],
      ['lm-cutter', 'cutter'],
    ],
    invalid: ['lm', 'lm-screen', 'lm-Multiply'],
  },
  al: {
    valid: [
      ['al-1', 1],
      ['al-9', 9],
    ],
    invalid: ['al', 'al-0', 'al-10', 'al-5.5'],
  },
  fs: {
    valid: [
      ['fs-45', 45],
      ['fs-512', 512],
    ],
    invalid: ['fs', 'fs-0', 'fs-513', 'fs-4.5', 'fs-N4'],
  },
  ff: {
    valid: [
      ['ff-DejaVuSerif', 'DejaVuSerif'],
      ['ff-fonts@@Lacquer-Regular.ttf', 'fonts@@Lacquer-Regular.ttf'],
    ],
    invalid: ['ff', 'ff-', 'ff-a/b.ttf', `ff-${'a'.repeat(129)}`, 'ff-<b>'],
  },
  co: {
    valid: [
      ['co-FFFFFF', { r: 255, g: 255, b: 255, alpha: 1 }],
      ['co-red', { r: 255, g: 0, b: 0, alpha: 1 }],
      ['co-00000050', { r: 0, g: 0, b: 0, alpha: 0.5 }],
    ],
    invalid: ['co', 'co-', 'co-GGGGGG', 'co-notacolour'],
  },
  ia: {
    valid: [
      ['ia-left', 'left'],
      ['ia-center', 'center'],
    ],
    invalid: ['ia', 'ia-centre', 'ia-justify'],
  },
  tg: {
    valid: [
      ['tg-b', 'b'],
      ['tg-b_i', 'b_i'],
    ],
    invalid: ['tg', 'tg-u', 'tg-i_b'],
  },
  pa: {
    valid: [
      ['pa-10', { top: 10, right: 10, bottom: 10, left: 10 }],
      ['pa-10_20', { top: 10, right: 20, bottom: 10, left: 20 }],
      ['pa-25_75_60', { top: 25, right: 75, bottom: 60, left: 75 }],
      ['pa-25_50_75_100', { top: 25, right: 50, bottom: 75, left: 100 }],
    ],
    invalid: ['pa', 'pa-', 'pa-1_2_3_4_5', 'pa-N1', 'pa-10__20', 'pa-1001'],
  },
};

/** Where a parameter is valid: layer-only ones are tried inside a layer of the right type. */
function inScope(descriptor: ParameterDescriptor, token: string): string {
  if (descriptor.where === 'text') return `l-text,i-x,${token},l-end`;
  if (descriptor.field === 'layerInput' || descriptor.field === 'layerEncodedInput')
    return `l-image,${token},l-end`;
  if (descriptor.where === 'layer') return `l-image,i-a.png,${token},l-end`;
  return token;
}

/** The value a token parses to, read from the layer when the parameter lives in one. */
function parsedValue(descriptor: ParameterDescriptor, token: string): unknown {
  const scoped = inScope(descriptor, token);
  const [step = {}] = parseChain(scoped);
  const holder = scoped === token ? step : step.layers?.[0]?.steps[0];
  return holder?.[descriptor.field];
}

/** Values no parameter accepts: control characters, slashes, and overlong text. */
const HOSTILE_VALUES = ['\u0007', '\u007f', 'a/b', 'x'.repeat(600)];

/** A 400 EINVALID whose message names the parameter as `"key"`. */
const invalidNaming = (key: string) =>
  expect.objectContaining({ code: 'EINVALID', status: 400, message: expect.stringContaining(`"${key}"`) });

/** parse -> serialise -> parse gives the same steps, and serialising again gives the same text. */
function expectRoundTrip(chain: string): void {
  const steps = parseChain(chain);
  const canonical = serializeChain(steps);
  expect(parseChain(canonical)).toEqual(steps);
  expect(serializeChain(parseChain(canonical))).toBe(canonical);
}

describe('the parameter table', () => {
  it('has a row of valid and invalid values in this test for every parameter, and no stale rows', () => {
    const keys = PARAMETERS.map((descriptor) => descriptor.key);
    const incomplete = keys.filter((key) => !VALUES[key]?.valid.length || !VALUES[key]?.invalid.length);
    expect(incomplete).toEqual([]);
    expect(Object.keys(VALUES).filter((key) => !keys.includes(key))).toEqual([]);
  });

  it('has unique keys and fields', () => {
    const keys = PARAMETERS.map((descriptor) => descriptor.key);
    const fields = PARAMETERS.map((descriptor) => descriptor.field);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(fields).size).toBe(fields.length);
  });

  describe.each(PARAMETERS.map((descriptor) => [descriptor.key, descriptor] as const))(
    '%s',
    (key, descriptor) => {
      it(`documents itself with an example that starts with "${key}"`, () => {
        expect(descriptor.doc.length).toBeGreaterThan(10);
        expect(descriptor.example === key || descriptor.example.startsWith(`${key}-`)).toBe(true);
      });

      it(`parses its example "${descriptor.example}" into "${descriptor.field}" and round-trips it`, () => {
        expect(parsedValue(descriptor, descriptor.example)).toBeDefined();
        expectRoundTrip(inScope(descriptor, descriptor.example));
      });

      it.each(VALUES[key]?.valid ?? [])('accepts %s as %j and round-trips it', (token, value) => {
        expect(parsedValue(descriptor, token)).toEqual(value);
        expectRoundTrip(inScope(descriptor, token));
      });

      it.each(VALUES[key]?.invalid ?? [])('refuses %j with 400 EINVALID naming the parameter', (token) => {
        expect(() => parseChain(inScope(descriptor, token))).toThrow(invalidNaming(key));
      });

      it.each(HOSTILE_VALUES.map((value) => [JSON.stringify(value).slice(0, 20), value]))(
        'refuses the hostile value %s naming the parameter',
        (_, value) => {
          expect(() => parseChain(inScope(descriptor, `${key}-${value}`))).toThrow(invalidNaming(key));
        },
      );
    },
  );
});

describe('canonical serialisation', () => {
  it('writes parameters in table order, whatever order the URL used', () => {
    expect(serializeChain(parseChain('h-300,q-80,w-400'))).toBe('w-400,h-300,q-80');
  });

  it('writes equal values equally (aliases, number spellings, hex case, colour names)', () => {
    expect(serializeChain(parseChain('f-jpg,w-400.0,bg-ff0000'))).toBe(
      serializeChain(parseChain('bg-FF0000,w-400,f-jpeg')),
    );
    expect(serializeChain(parseChain('bg-red'))).toBe('bg-FF0000');
    expect(serializeChain(parseChain('bg-F0F'))).toBe('bg-FF00FF');
  });

  it('keeps chained steps apart and in their order', () => {
    expect(serializeChain(parseChain('rt-90:h-100,w-200:e-grayscale'))).toBe('rt-90:w-200,h-100:e-grayscale');
  });

  it('round-trips a step that combines many parameters', () => {
    expectRoundTrip(
      'di-a@@b.jpg,t-10,cp-false,md-true,lo-false,pr-true,dpr-2,e-grayscale,e-sharpen-2,bl-5,fl-h_v,' +
        'rt-N45,bg-FF000080,f-webp,q-80,fo-top,c-at_max,h-300,w-400',
    );
  });
});
