import { parseChain, serializeChain } from './chain';
import { evaluateExpression, formatExpression, parseExpression } from './expressions';
import { computeExpressions } from './parameter-expressions';
import type { TransformStep } from './transform-spec';

const invalidWith = (text: string) =>
  expect.objectContaining({ code: 'EINVALID', status: 400, message: expect.stringContaining(text) });

const VALUES = { iw: 800, ih: 600, iar: 4 / 3, cw: 400, ch: 300, car: 4 / 3, bw: 1000, bh: 500, bar: 2 };
const evaluate = (text: string) => evaluateExpression(parseExpression(text, 'w'), VALUES, 'w');

function expectRoundTrip(chain: string): string {
  const steps = parseChain(chain);
  const canonical = serializeChain(steps);
  expect(parseChain(canonical)).toEqual(steps);
  expect(serializeChain(parseChain(canonical))).toBe(canonical);
  return canonical;
}

/** The first step of a layer's chain in `l-image,i-a.png,<token>,l-end`. */
const inLayer = (token: string): TransformStep | undefined =>
  parseChain(`l-image,i-a.png,${token},l-end`)[0]?.layers?.[0]?.steps[0];

describe('arithmetic expressions: values', () => {
  it.each([
    ['iw_div_2', 400],
    ['ih_mul_0.5', 300],
    ['iw', 800],
    ['ih_add_10', 610],
    ['ch_mod_5', 0],
    ['cw_sub_ch', 100],
    ['ih_mul_0.8_add_iw_mul_0.4', 800],
    ['ch_mul_0.8_add_bh_mul_0.6', 540],
    ['2_add_3_mul_4', 14], // mul before add
    ['20_sub_4_div_2_sub_1', 17], // left to right within a level
    ['7_add_3_mod_4', 2], // ImageKit: add before mod, (7+3) mod 4
    ['2_pow_1_add_2', 8], // ImageKit: pow last, 2^(1+2)
    ['2_pow_3_pow_2', 64], // pow left to right: (2^3)^2
    ['10_mod_4_pow_2', 4], // (10 mod 4)^2
    ['iw_sub_ih_div_2_mul_3', -100],
    ['bar_mul_2', 4],
    ['0.25', 0.25],
  ])('%s is %d', (text, value) => {
    expect(evaluate(text)).toBeCloseTo(value, 9);
  });

  it.each([
    ['iw_div_0', 'divides by zero'],
    ['iw_mod_0', 'divides by zero'],
    ['iw_mod_cw_sub_cw', 'divides by zero'], // iw mod (cw - cw),
    ['ih_sub_iw_pow_0.5', 'no numeric value'],
    ['iw_pow_iw', 'exceeds'],
    ['9999999_mul_9999999', 'exceeds'],
  ])('refuses %s with 400 (%s), never NaN or Infinity', (text, message) => {
    expect(() => evaluate(text)).toThrow(invalidWith(message));
    expect(() => evaluate(text)).toThrow(invalidWith('"w"'));
  });

  it('refuses a variable the context does not have, naming it', () => {
    expect(() => evaluateExpression(parseExpression('bw_div_2', 'w'), { iw: 1 }, 'w')).toThrow(
      invalidWith('"bw"'),
    );
  });
});

describe('arithmetic expressions: syntax', () => {
  it.each([
    'iw_',
    '_iw',
    'iw_div',
    'iw_div_',
    'iw__2',
    'iw_div_2_',
    'iw_plus_2',
    'iw_div_N2',
    'iw_div_-2',
    'iw_div_1e3',
    'iw_div_0x10',
    'iw_div_NaN',
    'xw_div_2',
    'IW_div_2',
    'iw_DIV_2',
    'iw_div_2.',
    'iw_div_.5',
    `iw${'_add_1'.repeat(9)}`,
    `iw_add_${'1'.repeat(200)}`,
  ])('refuses w-%s with 400 naming "w"', (text) => {
    expect(() => parseChain(`w-${text}`)).toThrow(invalidWith('"w"'));
  });

  it('caps the number of operators', () => {
    expect(() => parseChain(`w-iw${'_add_1'.repeat(8)}`)).not.toThrow();
    expect(() => parseChain(`w-iw${'_add_1'.repeat(9)}`)).toThrow(invalidWith('at most 8 operators'));
  });

  it('keeps the expression as data beside the unset numeric field', () => {
    const [step] = parseChain('w-iw_div_2,h-300');
    expect(step).toEqual({
      height: 300,
      expressions: {
        width: { expression: { operator: 'div', left: { variable: 'iw' }, right: { number: 2 } } },
      },
    });
    expect(step?.width).toBeUndefined();
  });

  it('builds the tree by ImageKit precedence and writes it back in the same order', () => {
    const text = '1_pow_2_mod_3_add_4_mul_5_sub_6_div_7';
    expect(formatExpression(parseExpression(text, 'w'))).toBe(text);
    expect(parseExpression('1_add_2_pow_3', 'w')).toEqual({
      operator: 'pow',
      left: { operator: 'add', left: { number: 1 }, right: { number: 2 } },
      right: { number: 3 },
    });
  });
});

describe("arithmetic expressions: the parameters that take them (ImageKit's list)", () => {
  it.each([
    ['w-iw_div_2', 'w-iw_div_2'],
    ['h-ih_mul_0.50', 'h-ih_mul_0.5'],
    ['w-ch_mul_0.8_add_bh_mul_0.6', null],
    ['ar-car_mul_0.5', 'ar-car_mul_0.5'],
    ['x-iw_sub_cw', 'x-iw_sub_cw'],
    ['y-ih_sub_ch', 'y-ih_sub_ch'],
    ['xc-cw_mul_0.25', 'xc-cw_mul_0.25'],
    ['yc-ch_mul_0.25', 'yc-ch_mul_0.25'],
    ['b-ih_mul_0.05_red', 'b-ih_mul_0.05_FF0000'],
    ['b-cw_mod_5_AAAA54', 'b-cw_mod_5_AAAA54'],
    ['b-ch_mod_5_yellow', 'b-ch_mod_5_FFFF00'],
    ['w-iw_div_4,h-ih_div_2:b-cw_mul_0.05_yellow', 'w-iw_div_4,h-ih_div_2:b-cw_mul_0.05_FFFF00'],
    [
      'w-iw_div_2,h-ih_div_2,cm-extract,x-iw_mul_0.2,y-ih_mul_0.2',
      'w-iw_div_2,h-ih_div_2,cm-extract,x-iw_mul_0.2,y-ih_mul_0.2',
    ],
  ])('parses and round-trips %s', (chain, canonical) => {
    if (chain.includes('bh')) {
      expect(() => parseChain(chain)).toThrow(invalidWith('only be used inside a layer'));
      return;
    }
    expect(expectRoundTrip(chain)).toBe(canonical);
  });

  it.each([
    'l-image,i-logo-white_SJwqB4Nfe.png,cm-pad_resize,bg-yellow,w-bw_div_2,h-bh_div_2,lx-bw_div_8,ly-bh_div_8,l-end',
    'l-text,i-overlay made easy,fs-bh_div_20,w-bh_div_2,l-end',
    'l-text,i-overlay made easy,bg-yellow,pa-bw_mul_0.01,l-end',
    'l-image,i-women-dress.jpeg,w-bw_div_3,b-iw_mul_0.02_red,lx-bw_mul_0.1,ly-bh_mul_0.1:l-image,i-logo.png,w-bw_div_2,lx-bw_mul_0.1,ly-bh_mul_0.1,l-end,l-end',
    'l-image,i-a.png,lx-cw_div_2_add_iw_div_2,ly-ch_div_2_add_cw_div_2,l-end',
    'l-image,i-a.png,w-ch_mul_0.8_add_bh_mul_0.6,ar-bar,l-end',
  ])("round-trips ImageKit's layer example %s", (chain) => {
    expectRoundTrip(chain);
  });

  it("moves layer-level expressions to the layer's first step, as values are", () => {
    const layer = parseChain('l-image,i-a.png:w-10,lx-bw_div_2,l-end')[0]?.layers?.[0];
    expect(layer?.steps[0]?.expressions).toEqual({
      layerX: { expression: { operator: 'div', left: { variable: 'bw' }, right: { number: 2 } } },
    });
    expect(layer?.steps[1]).toEqual({ width: 10 });
    expect(() => parseChain('l-image,i-a.png,lx-5:lx-bw_div_2,l-end')).toThrow(invalidWith('twice'));
  });

  it.each([
    ['w-bw_div_2', '"bw"'],
    ['lx-bw', '"lx" is only valid inside a layer'],
    ['w-iw,w-100', 'given twice'],
    ['w-100,w-iw', 'given twice'],
    ['x-iw_div_2,xc-10', 'exclude each other'],
    ['b-ch_mod_5', '"b"'],
    ['b-ch_mod_5_notacolour', '"b"'],
    ['q-iw_div_2', '"q"'],
    ['rt-iw_div_2', '"rt"'],
    ['l-text,i-hi,w-iw_div_2,l-end', 'only bw, bh and bar'],
    ['l-image,i-ik_canvas,bg-red,w-cw_div_2,l-end', 'only bw, bh and bar'],
  ])('refuses %s (%s)', (chain, message) => {
    expect(() => parseChain(chain)).toThrow(invalidWith(message));
  });

  it('counts an expression as a given coordinate for fo-custom', () => {
    expect(() => parseChain('fo-custom,x-iw_div_2,w-10,h-10')).not.toThrow();
  });
});

describe('computing expressions into a step', () => {
  const step = (chain: string) => parseChain(chain)[0] as TransformStep;

  it.each([
    ['w-iw_div_3', { width: 267 }], // rounded to whole pixels
    ['ar-car_mul_0.5', { aspectRatio: { width: 0.6667, height: 1 } }],
    ['b-ch_mod_7_yellow', { border: { width: 6, colour: { r: 255, g: 255, b: 0, alpha: 1 } } }],
    ['x-iw_sub_cw,y-10', { x: 400, y: 10 }],
  ])('%s computes to %j', (chain, fields) => {
    expect(computeExpressions(step(chain), VALUES)).toEqual(fields);
  });

  it.each([
    ['w-iw_div_10000', '"w"', 'computed from "iw_div_10000"'],
    ['w-iw_mul_1000', '"w"', 'between'],
    ['x-cw_sub_iw', '"x"', 'computed from "cw_sub_iw"'],
    ['b-ch_mod_1_red', '"b"', 'computed from'],
    ['ar-iw_sub_iw', '"ar"', 'computed from'],
  ])("checks %s against the row's own bounds: 400 naming %s", (chain, key, message) => {
    expect(() => computeExpressions(step(chain), VALUES)).toThrow(invalidWith(key));
    expect(() => computeExpressions(step(chain), VALUES)).toThrow(invalidWith(message));
  });

  it('computes signed layer positions with the N convention', () => {
    const layerStep = inLayer('lx-cw_sub_bw') as TransformStep;
    expect(computeExpressions(layerStep, VALUES)).toMatchObject({ layerX: -600 });
  });

  it('leaves the fields it is not asked for', () => {
    const layerStep = inLayer('lx-bw_div_2,w-bw_div_4') as TransformStep;
    const computed = computeExpressions(layerStep, VALUES, ['width']);
    expect(computed.width).toBe(250);
    expect(computed.layerX).toBeUndefined();
    expect(Object.keys(computed.expressions ?? {})).toEqual(['layerX']);
  });
});
