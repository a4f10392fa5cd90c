import { ImageError } from '../errors/image-error';
import { endpointSettingsSchema } from '../registry/endpoint-schema';
import { parseChain } from '../url/chain';
import { colourAt, quadrantImage, RED, solidImage, WHITE } from '../../test/support/images';
import { renderChain } from '../../test/support/render-chain';
import { fitAllowedWidth, widthRuleOf, type WidthRule } from './allowed-widths';
import { planGeometry } from './geometry';

const WIDTHS = [100, 320, 640, 1280];
const INPUT = { width: 400, height: 300 };
const MAX = { width: 8192, height: 8192 };
const roundUp = widthRuleOf(endpointSettingsSchema.parse({ allowedWidths: [1280, 100, 640, 320, 320] }));
const reject = widthRuleOf(endpointSettingsSchema.parse({ allowedWidths: WIDTHS, widthPolicy: 'reject' }));

/** The output size sharp's plan gives the step once the rule has fitted it. */
const planned = (chain: string, rule: WidthRule | undefined = roundUp) => {
  const [step = {}] = parseChain(chain);
  return planGeometry(fitAllowedWidth(step, INPUT, MAX, rule), INPUT, MAX).output;
};

describe('allowed widths (settings.allowedWidths, widthPolicy round-up)', () => {
  it.each([
    ['w-150,dpr-2 (300 after dpr)', 'w-150,dpr-2', { width: 320, height: 240 }],
    ['an allowed width', 'w-320', { width: 320, height: 240 }],
    ['beyond the largest', 'w-2000', { width: 1280, height: 960 }],
    ['below the smallest', 'w-40', { width: 100, height: 75 }],
    ['height only (h-150 is 200 wide)', 'h-150', { width: 320, height: 240 }],
    ['aspect ratio from a height', 'h-100,ar-2-1', { width: 320, height: 160 }],
    ['both sides keep their ratio', 'w-300,h-100', { width: 320, height: 107 }],
    ['a fraction of the input', 'w-0.5', { width: 320, height: 240 }],
    ['pad_resize', 'w-300,h-300,cm-pad_resize', { width: 320, height: 320 }],
    ['at_max limited by height', 'w-400,h-100,c-at_max', { width: 320, height: 240 }],
    ['force', 'w-300,h-50,c-force', { width: 320, height: 53 }],
  ])('%s', (_name, chain, size) => {
    expect(planned(chain)).toEqual(size);
  });

  it('falls back to the largest width below when the crop mode will not enlarge (400 px input)', () => {
    expect(planned('w-500,c-at_max').width).toBe(320);
    expect(planned('w-500,cm-extract').width).toBe(320);
  });

  it('leaves unsized steps and endpoints without the setting alone', () => {
    expect(planned('rt-90')).toEqual(INPUT);
    const [step = {}] = parseChain('w-150');
    expect(fitAllowedWidth(step, INPUT, MAX, undefined)).toBe(step);
  });

  it('validates the setting in the endpoint schema', () => {
    for (const allowedWidths of [[], [0], [-100], [1.5], [20_000], ['300']]) {
      expect(endpointSettingsSchema.safeParse({ allowedWidths }).success).toBe(false);
    }
    expect(endpointSettingsSchema.safeParse({ widthPolicy: 'round-down' }).success).toBe(false);
    expect(endpointSettingsSchema.parse({}).widthPolicy).toBe('round-up');
  });
});

describe('allowed widths with widthPolicy reject', () => {
  it('answers ELIMIT naming the allowed widths', () => {
    expect.assertions(3);
    try {
      planned('w-150,dpr-2', reject);
    } catch (error) {
      expect(error).toBeInstanceOf(ImageError);
      expect((error as ImageError).status).toBe(400);
      expect((error as ImageError).message).toBe(
        'Width 300 is not allowed on this endpoint; allowed widths: 100, 320, 640, 1280',
      );
    }
  });

  it('accepts an allowed final width', () => {
    expect(planned('w-160,dpr-2', reject).width).toBe(320);
  });
});

describe('allowed widths in a rendered chain', () => {
  const settings = { allowedWidths: WIDTHS };

  it('rounds the last sizing step only, not the ones before it', async () => {
    // 150x113 first (not 100 or 320 wide), then 320 wide from that: 113 * 320 / 150 = 241.
    const { metadata } = await renderChain(await quadrantImage(), 'w-150:w-300', { settings });
    expect([metadata.width, metadata.height]).toEqual([320, 241]);
  });

  it('does not round layers: a 33 px red block stays 33 px wide in the middle of a 640 px output', async () => {
    const chain = 'w-640,l-image,i-red.png,w-33,l-end';
    const layerAssets = { 'red.png': await solidImage(60, 60, RED) };
    const base = await solidImage(400, 300, WHITE);
    const { body, metadata } = await renderChain(base, chain, { settings, layerAssets });
    expect(metadata.width).toBe(640);
    expect(await colourAt(body, 320, 240)).toBe('red');
    expect(await colourAt(body, 360, 240)).toBe('white');
  });
});
