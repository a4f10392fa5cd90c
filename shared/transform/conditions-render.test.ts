import { quadrantImage, colourAt, solidImage, WHITE } from '../../test/support/images';
import { renderChain } from '../../test/support/render-chain';

/*
 * Conditional and arithmetic transformations through `render()`, on real pixels. The landscape source
 * is 400x300 with red, green, blue and yellow quadrants; the portrait one is 300x400.
 */
let landscape: Buffer;
let portrait: Buffer;

beforeAll(async () => {
  [landscape, portrait] = await Promise.all([quadrantImage(), quadrantImage({ width: 300, height: 400 })]);
});

async function sizeOf(chain: string, source: Buffer): Promise<[number?, number?]> {
  const { metadata } = await renderChain(source, chain);
  return [metadata.width, metadata.height];
}

describe('if blocks on real pixels', () => {
  it("gives a landscape original width 200 and a portrait one width 300 (ImageKit's example)", async () => {
    const chain = 'if-ar_gt_1,w-200,if-else,w-300,if-end';
    expect(await sizeOf(chain, landscape)).toEqual([200, 150]);
    expect(await sizeOf(chain, portrait)).toEqual([300, 400]);
  });

  it("without if-else leaves a false condition's image alone", async () => {
    expect(await sizeOf('if-ar_gt_1,w-200,if-end', portrait)).toEqual([300, 400]);
    expect(await sizeOf('if-ar_gt_1,w-200,if-end', landscape)).toEqual([200, 150]);
  });

  it('tests the size at its point of the chain: h-200:if-h_eq_200,w-100,if-end:rt-90', async () => {
    // h-200 makes 267x200; the block sees h=200 and scales to width 100 (100x75); rt-90 turns it.
    expect(await sizeOf('h-200:if-h_eq_200,w-100,if-end:rt-90', landscape)).toEqual([75, 100]);
    // Without the first step the height is 300, the block does nothing, and only the rotation runs.
    expect(await sizeOf('if-h_eq_200,w-100,if-end:rt-90', landscape)).toEqual([300, 400]);
  });

  it('reads iw/ih from the original even after earlier steps changed the size', async () => {
    // w-100 makes 100x75; the test still sees iw=400 and takes h-50 (67x50), not h-10.
    expect(await sizeOf('w-100:if-iw_eq_400_and_w_eq_100,h-50,if-else,h-10,if-end', landscape)).toEqual([
      67, 50,
    ]);
  });

  it('runs a chain in the chosen branch, each step seeing the size the one before left', async () => {
    const chain = 'if-ar_lt_1,w-150:if-w_eq_150,rt-90,if-end,if-else,h-30,if-end';
    expect(await sizeOf(chain, portrait)).toEqual([200, 150]);
    expect(await sizeOf(chain, landscape)).toEqual([40, 30]);
  });

  it('evaluates or over and groups: h_gte_100_and_h_lte_400_or_ar_lt_4-3', async () => {
    const chain = 'if-h_gte_1000_and_h_lte_4000_or_ar_lt_4-3,w-10,if-else,w-20,if-end';
    expect(await sizeOf(chain, portrait)).toEqual([10, 13]); // 0.75 < 4/3
    expect(await sizeOf(chain, landscape)).toEqual([20, 15]); // exactly 4/3, not below
  });

  it('keeps the colours in place through the chosen branch (rt-90 in the true branch)', async () => {
    const { body } = await renderChain(landscape, 'if-iar_gt_1,rt-90,if-end');
    // Clockwise: the bottom-left (blue) quadrant comes to the top left.
    expect(await colourAt(body, 10, 10)).toBe('blue');
  });
});

describe('arithmetic expressions on real pixels', () => {
  it.each([
    ['w-iw_div_2', [200, 150]],
    ['h-ih_mul_0.5', [200, 150]],
    ['w-iw_div_4,h-ih_div_2', [100, 150]],
    ['w-iw_div_3', [133, 100]], // 133.33 rounds to 133 px
    ['w-100:w-cw_mul_3', [300, 225]], // cw is the width the previous step left
    ['w-100:h-iw_sub_ih', [133, 100]], // iw/ih stay the original's: 400 - 300
    ['w-200,ar-iar_div_2', [200, 300]], // ar is width/height: 4/3 / 2 = 2/3
  ])('%s gives %j', async (chain, size) => {
    expect(await sizeOf(chain, landscape)).toEqual(size);
  });

  it('draws a border computed from the current size: w-200:b-cw_mul_0.05_yellow', async () => {
    const { body, metadata } = await renderChain(landscape, 'w-200:b-cw_mul_0.05_yellow');
    expect([metadata.width, metadata.height]).toEqual([220, 170]); // 10 px on every side
    expect([await colourAt(body, 5, 85), await colourAt(body, 15, 20)]).toEqual(['yellow', 'red']);
  });

  it('extracts from a computed position: cm-extract,w-iw_div_2,h-ih_div_2,x-iw_div_2,y-ih_div_2', async () => {
    const { body, metadata } = await renderChain(
      landscape,
      'cm-extract,w-iw_div_2,h-ih_div_2,x-iw_div_2,y-ih_div_2',
    );
    expect([metadata.width, metadata.height]).toEqual([200, 150]);
    expect(await colourAt(body, 100, 75)).toBe('yellow');
  });

  it.each([
    ['w-iw_div_0', 'divides by zero'],
    ['w-iw_sub_iw', 'parameter "w"'],
    ['w-iw_mul_1000', 'parameter "w"'],
    ['h-ih_sub_iw_pow_0.5', 'no numeric value'],
    ['b-cw_mod_1_red', 'parameter "b"'],
  ])('refuses %s with 400 (%s), not a 500 or NaN pixels', async (chain, message) => {
    await expect(renderChain(landscape, chain)).rejects.toMatchObject({
      status: 400,
      code: 'EINVALID',
      message: expect.stringContaining(message),
    });
  });

  it('combines both: if-iw_gt_300,w-iw_div_4,if-else,w-iw_div_2,if-end', async () => {
    const small = await solidImage(200, 100, WHITE);
    const chain = 'if-iw_gt_300,w-iw_div_4,if-else,w-iw_div_2,if-end';
    expect(await sizeOf(chain, landscape)).toEqual([100, 75]);
    expect(await sizeOf(chain, small)).toEqual([100, 50]);
  });
});

describe('expressions and if blocks inside layers', () => {
  it('sizes and places an ik_canvas layer from its base: w-bw_div_2,h-bh_div_2,lx-bw_div_4,ly-bh_div_4', async () => {
    const base = await solidImage(400, 300, WHITE);
    const { body } = await renderChain(
      base,
      'l-image,i-ik_canvas,bg-red,w-bw_div_2,h-bh_div_2,lx-bw_div_4,ly-bh_div_4,l-end',
    );
    const at = (x: number, y: number) => colourAt(body, x, y);
    // A red 200x150 block from (100, 75) to (300, 225).
    expect(await Promise.all([at(95, 70), at(105, 80), at(295, 220), at(305, 230)])).toEqual([
      'white',
      'red',
      'red',
      'white',
    ]);
  });

  it('places an image layer by its final size: lx-bw_sub_cw (right edge), after w-bw_div_4 shrank it', async () => {
    const base = await solidImage(400, 300, WHITE);
    const logo = await solidImage(200, 200, { r: 0, g: 0, b: 255 });
    const { body } = await renderChain(
      base,
      'l-image,i-logo.png,t-false,w-bw_div_4,lx-bw_sub_cw,ly-0,l-end',
      {
        layerAssets: { 'logo.png': logo },
      },
    );
    // The layer is 100x100 after w-bw_div_4; cw is that final width, so it sits flush right.
    expect([
      await colourAt(body, 295, 50),
      await colourAt(body, 305, 50),
      await colourAt(body, 395, 50),
    ]).toEqual(['white', 'blue', 'blue']);
  });

  it("chooses a branch inside a layer by the layer's own size", async () => {
    const base = await solidImage(400, 300, WHITE);
    const { body } = await renderChain(
      base,
      'l-image,i-ik_canvas,bg-red,w-100,h-50,lx-0,ly-0:if-ar_gt_1,w-20,h-20,if-end,l-end',
    );
    expect([await colourAt(body, 15, 15), await colourAt(body, 25, 15)]).toEqual(['red', 'white']);
  });
});
