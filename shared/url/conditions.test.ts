import { parseChain, serializeChain } from './chain';
import { evaluateCondition, parseConditionTest } from './conditions';
import type { Condition, TransformStep } from './transform-spec';

const conditionOf = (chain: string, index = 0): Condition | undefined => parseChain(chain)[index]?.condition;

/** A 400 EINVALID whose message holds `text`. */
const invalidWith = (text: string) =>
  expect.objectContaining({ code: 'EINVALID', status: 400, message: expect.stringContaining(text) });

function expectRoundTrip(chain: string): string {
  const steps = parseChain(chain);
  const canonical = serializeChain(steps);
  expect(parseChain(canonical)).toEqual(steps);
  expect(serializeChain(parseChain(canonical))).toBe(canonical);
  return canonical;
}

describe("if blocks: ImageKit's documented examples", () => {
  it('parses if-ar_gt_1,w-200,if-else,w-300,if-end into a test and two branches', () => {
    expect(parseChain('if-ar_gt_1,w-200,if-else,w-300,if-end')).toEqual([
      {
        condition: {
          test: [[{ property: 'ar', operator: 'gt', numerator: 1, denominator: 1 }]],
          then: [{ width: 200 }],
          else: [{ width: 300 }],
        },
      },
    ]);
  });

  it('takes the else branch as optional: if-ar_gt_1,w-200,if-end', () => {
    expect(conditionOf('if-ar_gt_1,w-200,if-end')).toEqual({
      test: [[{ property: 'ar', operator: 'gt', numerator: 1, denominator: 1 }]],
      then: [{ width: 200 }],
      else: [],
    });
  });

  it('binds and tighter than or: if-h_gte_100_and_h_lte_400_or_ar_lt_4-3', () => {
    const test = parseConditionTest('h_gte_100_and_h_lte_400_or_ar_lt_4-3');
    expect(test).toEqual([
      [
        { property: 'h', operator: 'gte', numerator: 100, denominator: 1 },
        { property: 'h', operator: 'lte', numerator: 400, denominator: 1 },
      ],
      [{ property: 'ar', operator: 'lt', numerator: 4, denominator: 3 }],
    ]);
    const sizes = (width: number, height: number) => ({
      current: { width, height },
      original: { width, height },
    });
    expect(evaluateCondition(test, sizes(2000, 200))).toBe(true); // height in range
    expect(evaluateCondition(test, sizes(100, 600))).toBe(true); // tall: ratio below 4:3
    expect(evaluateCondition(test, sizes(2000, 600))).toBe(false); // neither
    expect(evaluateCondition(test, sizes(2000, 50))).toBe(false); // and fails, or fails
  });

  it('puts an if block as one step of a chain: h-200,c-pad_resize... :if-h_eq_200,w-100,if-end:rt-90', () => {
    const steps = parseChain('h-200,cm-pad_resize:if-h_eq_200,w-100,if-end:rt-90');
    expect(steps).toHaveLength(3);
    expect(steps[1]?.condition?.then).toEqual([{ width: 100 }]);
    expect(steps[2]).toEqual({ rotate: 90 });
  });

  it('takes chains in both branches', () => {
    const condition = conditionOf('if-iw_lt_500,w-100:rt-90,if-else,h-50:e-grayscale:bl-3,if-end');
    expect(condition?.then).toEqual([{ width: 100 }, { rotate: 90 }]);
    expect(condition?.else).toEqual([{ height: 50 }, { grayscale: true }, { blur: 3 }]);
  });

  it.each([
    ['w_eq_100', 'w', 'eq'],
    ['h_ne_100', 'h', 'ne'],
    ['iw_gt_200.55', 'iw', 'gt'],
    ['ih_gte_100', 'ih', 'gte'],
    ['iar_lt_16-9', 'iar', 'lt'],
    ['ar_lte_1.5', 'ar', 'lte'],
  ])('accepts the property and operator of %s', (text, property, operator) => {
    expect(parseConditionTest(text)[0]?.[0]).toMatchObject({ property, operator });
  });
});

describe('if blocks: what ImageKit lists as invalid, and other malformed blocks', () => {
  it.each([
    'h-400:rt-90,if-h_eq_200,w-100,if-end:rt-90',
    'h-400:if-h_eq_200,w-100,if-end,bl-10:rt-90',
    'h-100,if-h_eq_200,w-100,if-end',
    'if-h_eq_200,w-100,if-end,l-image,i-a.png,l-end',
  ])('refuses %s: a step holding an if block holds nothing else', (chain) => {
    expect(() => parseChain(chain)).toThrow(invalidWith('holds nothing else'));
  });

  it.each([
    ['if-ar_gt_1,w-200', 'not closed with "if-end"'],
    ['if-ar_gt_1,w-200,if-else,w-300', 'not closed with "if-end"'],
    ['w-200,if-end', '"if-end" closes no if block'],
    ['w-200:if-else,w-100', '"if-else" closes no if block'],
    ['if-ar_gt_1,w-1,if-else,w-2,if-else,w-3,if-end', '"if-else" twice'],
    ['l-image,i-a.png:if-iar_gt_1,w-10,l-end', 'not closed with "if-end" before "l-end"'],
    ['if-ar_gt_1,l-image,i-a.png,if-end', 'Layer "l-image" is not closed'],
    ['l-image,if-iar_gt_1,w-10,if-end:i-a.png,l-end', 'starts with its input'],
    [
      Array.from({ length: 4 }, () => `if-w_gt_1,${'w-1:'.repeat(7)}w-1,if-end`).join(':'),
      'at most 30 steps',
    ],
    ['if-w_gt_1:if-w_gt_2:if-w_gt_3:if-w_gt_4,w-1,if-end,if-end,if-end,if-end', 'nest at most 3'],
  ])('refuses %s naming the problem (%s)', (chain, message) => {
    expect(() => parseChain(chain)).toThrow(invalidWith(message));
  });

  it.each([
    'if-',
    'if-ar',
    'if-ar_gt',
    'if-ar_gt_',
    'if-x_gt_1',
    'if-ar_greater_1',
    'if-w_gt_4-3',
    'if-ar_gt_4-0',
    'if-ar_gt_N1',
    'if-w_gt_1e3',
    'if-w_gt_NaN',
    'if-w_gt_100_xor_h_gt_1',
    'if-w_gt_100_and',
    'if-w_gt_100_and_h_gt_1_or',
    `if-${Array.from({ length: 9 }, () => 'w_gt_1').join('_and_')}`,
    `if-w_gt_${'1'.repeat(300)}`,
  ])('refuses the malformed condition %j with 400 naming "if"', (token) => {
    expect(() => parseChain(`${token},w-1,if-end`)).toThrow(invalidWith('"if"'));
  });

  it.each([
    'f-webp',
    'q-80',
    'pr-true',
    'lo-true',
    'md-true',
    'cp-true',
    'orig-true',
    'n-thumb',
    'di-a.jpg',
    'bg-red',
  ])(
    'refuses the output parameter %s inside a branch, where the output plan would never see it',
    (parameter) => {
      const key = parameter.split('-')[0] ?? '';
      expect(() => parseChain(`if-ar_gt_1,w-1,${parameter},if-end`)).toThrow(invalidWith(`"${key}"`));
      expect(() => parseChain(`if-ar_gt_1,w-1,if-else,${parameter},if-end`)).toThrow(
        invalidWith('cannot be inside an if block'),
      );
    },
  );

  it('still takes output parameters in a step of their own beside an if block', () => {
    expect(parseChain('if-ar_gt_1,w-200,if-end:f-webp,q-80')[1]).toEqual({ format: 'webp', quality: 80 });
  });

  it('refuses layer-level fields inside a branch of a layer (the compositor reads the layer itself)', () => {
    expect(() => parseChain('l-image,i-a.png:if-iar_gt_1,lx-10,if-end,l-end')).toThrow(invalidWith('"lx"'));
  });
});

describe('if blocks: canonical form', () => {
  it.each([
    ['if-ar_gt_1,w-200,if-else,w-300,if-end', 'if-ar_gt_1,w-200,if-else,w-300,if-end'],
    ['if-ar_gt_1.0,w-200.0,if-end', 'if-ar_gt_1,w-200,if-end'],
    [
      'if-h_gte_100_and_h_lte_400_or_ar_lt_4-3,h-300,w-400,if-end',
      'if-h_gte_100_and_h_lte_400_or_ar_lt_4-3,w-400,h-300,if-end',
    ],
    [
      'h-200,cm-pad_resize:if-h_eq_200,w-100,if-end:rt-90',
      'h-200,cm-pad_resize:if-h_eq_200,w-100,if-end:rt-90',
    ],
    ['if-ar_gt_1,if-else,w-300,if-end', 'if-ar_gt_1,if-else,w-300,if-end'],
    ['if-iw_gt_1,w-1:if-w_gt_1,h-2,if-end:rt-90,if-end', 'if-iw_gt_1,w-1:if-w_gt_1,h-2,if-end:rt-90,if-end'],
    [
      'l-image,i-a.png:if-iar_gt_1,w-10,if-else,h-10,if-end,l-end',
      'l-image,i-a.png:if-iar_gt_1,w-10,if-else,h-10,if-end,l-end',
    ],
    ['if-ar_gt_1,l-image,i-a.png,l-end,w-5,if-end', 'if-ar_gt_1,w-5,l-image,i-a.png,l-end,if-end'],
  ])('round-trips %s as %s', (chain, canonical) => {
    expect(expectRoundTrip(chain)).toBe(canonical);
  });

  it('keeps the test as data, not text', () => {
    const step: TransformStep | undefined = parseChain('if-iar_ne_4-3,w-1,if-end')[0];
    expect(step?.condition?.test).toEqual([
      [{ property: 'iar', operator: 'ne', numerator: 4, denominator: 3 }],
    ]);
  });
});

describe('evaluating a test', () => {
  const sizes = (width: number, height: number, original = { width, height }) => ({
    current: { width, height },
    original,
  });

  it.each([
    ['ar_eq_4-3', 800, 600, true],
    ['ar_eq_4-3', 801, 600, false],
    ['ar_gt_1', 300, 200, true],
    ['ar_gt_1', 200, 300, false],
    ['ar_gt_1', 200, 200, false],
    ['ar_gte_1', 200, 200, true],
    ['w_ne_200', 200, 1, false],
    ['h_lt_100', 1, 99, true],
    ['h_lte_100', 1, 100, true],
    ['w_eq_200.55', 200, 1, false],
  ])('%s on %dx%d is %s', (text, width, height, expected) => {
    expect(evaluateCondition(parseConditionTest(text), sizes(width, height))).toBe(expected);
  });

  it('reads iw, ih and iar from the original, w, h and ar from the current image', () => {
    const at = sizes(100, 400, { width: 1000, height: 500 });
    expect(evaluateCondition(parseConditionTest('iw_eq_1000_and_ih_eq_500_and_iar_eq_2'), at)).toBe(true);
    expect(evaluateCondition(parseConditionTest('w_eq_100_and_h_eq_400_and_ar_eq_1-4'), at)).toBe(true);
    expect(evaluateCondition(parseConditionTest('iar_lt_1'), at)).toBe(false);
  });
});

describe('if blocks inside layers inside branches', () => {
  it('closes an if block inside a layer that sits in a branch', () => {
    const steps = parseChain('if-ar_gt_1,l-image,i-a.png:if-iar_gt_1,w-10,if-end,l-end,if-end');
    const layer = steps[0]?.condition?.then[0]?.layers?.[0];
    expect(layer?.steps[1]?.condition?.then).toEqual([{ width: 10 }]);
  });
});

describe('if blocks: hostile input', () => {
  it.each([
    'if-ar_gt_\u0663,w-1,if-end',
    'if-ar_gt_\uff15,w-1,if-end',
    'if-ar_gt_1\u0007,w-1,if-end',
    'if-AR_GT_1,w-1,if-end',
    'if-ar_gt_1,w-1,IF-END',
    'if-else',
    'if-end',
    'if-ar_gt_1:if-else:if-end:if-end',
    `${'if-ar_gt_1,'.repeat(40)}w-1${',if-end'.repeat(40)}`,
  ])('refuses %j with 400 EINVALID', (chain) => {
    expect(() => parseChain(chain)).toThrow(expect.objectContaining({ code: 'EINVALID', status: 400 }));
  });

  it('parses generated well-formed chains of nested blocks and round-trips them; a dropped token gives 400 or steps that round-trip', () => {
    // A small deterministic generator: every run checks the same chains.
    let state = 7;
    const next = (bound: number) => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state % bound;
    };
    const tests = ['ar_gt_1', 'w_lt_5_or_ih_eq_3', 'iar_lte_4-3_and_h_ne_7'];
    const params = ['w-10', 'h-iw_div_2', 'rt-90', 'bl-3', 'b-cw_mod_5_red'];
    const step = (depth: number): string => {
      if (depth < 3 && next(3) === 0) {
        const otherwise = next(2) ? `,if-else,${chain(depth + 1)}` : '';
        return `if-${tests[next(tests.length)]},${chain(depth + 1)}${otherwise},if-end`;
      }
      return params.filter(() => next(2)).join(',') || 'e-grayscale';
    };
    const chain = (depth: number): string => Array.from({ length: 1 + next(3) }, () => step(depth)).join(':');
    let blocks = 0;
    for (let run = 0; run < 300; run += 1) {
      const text = chain(0);
      const steps = parseChain(text);
      blocks += steps.filter((parsed) => parsed.condition).length;
      expect(parseChain(serializeChain(steps))).toEqual(steps);
      const tokens = text.split(/(?=[,:])/);
      tokens.splice(next(tokens.length), 1);
      const mutated = tokens.join('').replace(/^[,:]/, '');
      try {
        const again = parseChain(mutated);
        expect(parseChain(serializeChain(again))).toEqual(again);
      } catch (error) {
        expect(error).toMatchObject({ code: 'EINVALID', status: 400 });
      }
    }
    expect(blocks).toBeGreaterThan(50); // the generator really makes if blocks
  });
});
