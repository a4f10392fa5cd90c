import sharp from 'sharp';
import {
  BLUE,
  colourAt,
  framedImage,
  halvesImage,
  pixelAt,
  quadrantImage,
  RED,
} from '../../test/support/images';
import { renderChain } from '../../test/support/render-chain';

/*
 * ImageKit's effects on real pixels. The source is 400x300 with red (top left), green (top right),
 * blue (bottom left) and yellow (bottom right) quadrants.
 */
let quadrants: Buffer;

beforeAll(async () => {
  quadrants = await quadrantImage();
});

describe('colours', () => {
  it('bg takes a colour name: cm-pad_resize pads with it', async () => {
    const { body } = await renderChain(quadrants, 'cm-pad_resize,w-400,h-400,bg-magenta');
    expect([await colourAt(body, 200, 10), await colourAt(body, 100, 100)]).toEqual(['magenta', 'red']);
  });

  it("bg's RRGGBBAA takes the last two digits as a decimal opacity (50 = half transparent)", async () => {
    const { body } = await renderChain(quadrants, 'cm-pad_resize,w-400,h-400,bg-0000FF50,f-png');
    const padding = await pixelAt(body, 200, 10);
    expect(padding).toEqual({ r: 0, g: 0, b: 255, alpha: 128 });
  });
});

describe('rounded corners (r)', () => {
  it('r-20 makes the corners transparent in PNG and keeps the edges between them', async () => {
    const { body, metadata } = await renderChain(quadrants, 'r-20,f-png');
    expect([metadata.width, metadata.height]).toEqual([400, 300]);
    expect(
      await Promise.all([
        colourAt(body, 2, 2),
        colourAt(body, 397, 2),
        colourAt(body, 2, 297),
        colourAt(body, 397, 297),
        colourAt(body, 10, 10),
        colourAt(body, 25, 1),
      ]),
    ).toEqual(['transparent', 'transparent', 'transparent', 'transparent', 'red', 'red']);
  });

  it('r-max cuts an ellipse out of a rectangle', async () => {
    const { body } = await renderChain(quadrants, 'r-max,f-png');
    expect(
      await Promise.all([colourAt(body, 30, 30), colourAt(body, 20, 140), colourAt(body, 190, 5)]),
    ).toEqual(['transparent', 'red', 'red']);
  });

  it('r-max on a square gives a circle', async () => {
    const { body } = await renderChain(quadrants, 'w-100,h-100,r-max,f-webp');
    // (10, 10) lies outside a circle of radius 50 around (50, 50); (45, 3) inside it.
    expect([await colourAt(body, 10, 10), await colourAt(body, 45, 3)]).toEqual(['transparent', 'red']);
  });

  it.each([
    ['r-20,f-jpg', 'white'],
    ['r-20,f-jpg,bg-magenta', 'magenta'],
  ] as const)('%s fills the corners of a JPEG with %s', async (chain, corner) => {
    const { body, metadata } = await renderChain(quadrants, chain);
    expect([metadata.format, await colourAt(body, 2, 2), await colourAt(body, 10, 10)]).toEqual([
      'jpeg',
      corner,
      'red',
    ]);
  });

  it('rounds the resized image: a radius larger than half the short side stays circular', async () => {
    const { body } = await renderChain(quadrants, 'w-200,h-100,r-4096,f-png');
    // Clamped to 50: the left end is a half circle around (50, 50).
    expect([await colourAt(body, 50, 2), await colourAt(body, 5, 20), await colourAt(body, 95, 2)]).toEqual([
      'red',
      'transparent',
      'red',
    ]);
  });

  it('refuses outputs over 4096x4096 with 400 ELIMIT, naming the parameter (fuzz finding: 1.7 GB RSS)', async () => {
    await expect(renderChain(quadrants, 'w-4100,h-4100,r-10')).rejects.toMatchObject({
      code: 'ELIMIT',
      status: 400,
      message: expect.stringContaining('"r"'),
    });
    const { metadata } = await renderChain(quadrants, 'w-4096,h-4096,r-10', { accept: '' });
    expect([metadata.width, metadata.height]).toEqual([4096, 4096]);
  });

  it('refuses animated images, naming the parameter', async () => {
    const { animatedGif } = await import('../../test/support/images');
    await expect(renderChain(await animatedGif(), 'r-5,f-gif')).rejects.toThrow(
      expect.objectContaining({ code: 'EINVALID', message: expect.stringContaining('"r"') }),
    );
  });
});

describe('border (b)', () => {
  it('b-10_magenta frames the image: 10 px more on every side, magenta outside, the image inside', async () => {
    const { body, metadata } = await renderChain(quadrants, 'w-200,b-10_magenta');
    expect([metadata.width, metadata.height]).toEqual([220, 170]);
    expect(
      await Promise.all([
        colourAt(body, 0, 0),
        colourAt(body, 9, 80),
        colourAt(body, 210, 160),
        colourAt(body, 12, 12),
        colourAt(body, 207, 157),
      ]),
    ).toEqual(['magenta', 'magenta', 'magenta', 'red', 'yellow']);
  });

  it('takes hex colours: b-5_0000FF', async () => {
    const { body } = await renderChain(quadrants, 'w-100,b-5_0000FF,f-png');
    expect([await colourAt(body, 2, 2), await colourAt(body, 8, 8)]).toEqual(['blue', 'red']);
  });

  it('is rounded by r in the same step', async () => {
    const { body } = await renderChain(quadrants, 'w-200,b-10_magenta,r-30,f-png');
    expect([await colourAt(body, 1, 1), await colourAt(body, 110, 2)]).toEqual(['transparent', 'magenta']);
  });

  it('refuses with 400 ELIMIT a border that would pass the output cap', async () => {
    await expect(renderChain(quadrants, 'w-1000,b-20_red', { settings: { maxWidth: 1024 } })).rejects.toThrow(
      expect.objectContaining({ code: 'ELIMIT', status: 400 }),
    );
  });
});

describe('opacity (o)', () => {
  it.each([
    ['o-50', 128],
    ['o-100', 255],
  ])('%s gives an opaque red image alpha %i, still red', async (chain, alpha) => {
    const { body } = await renderChain(quadrants, `${chain},f-png`);
    expect(await pixelAt(body, 10, 10)).toEqual({ r: 255, g: 0, b: 0, alpha });
  });

  it('o-0 makes the image fully transparent', async () => {
    const { body } = await renderChain(quadrants, 'o-0,f-png');
    expect([(await pixelAt(body, 10, 10)).alpha, (await pixelAt(body, 390, 290)).alpha]).toEqual([0, 0]);
  });

  it('multiplies the alpha that is already there: rounded corners stay transparent', async () => {
    const { body } = await renderChain(quadrants, 'r-20,o-50,f-png');
    expect([(await pixelAt(body, 1, 1)).alpha, (await pixelAt(body, 100, 100)).alpha]).toEqual([0, 128]);
  });

  it('with bg blends the image onto the colour, opaque, ignoring the colour alpha', async () => {
    const { body } = await renderChain(quadrants, 'o-50,bg-0000FF30,f-png');
    const pixel = await pixelAt(body, 10, 10);
    expect(pixel.alpha).toBe(255);
    expect([pixel.r, pixel.g, pixel.b].map((value) => Math.abs(value - 127.5) <= 2 || value)).toEqual([
      true,
      0,
      true,
    ]);
  });
});

describe('contrast (e-contrast) and unsharp mask (e-usm)', () => {
  const DARK = { r: 100, g: 100, b: 100 };
  const LIGHT = { r: 150, g: 150, b: 150 };
  /** Grey levels along the middle row of a 40x10 image whose edge is between x 19 and 20. */
  async function greysAlong(chain: string, xs: readonly number[]): Promise<number[]> {
    const { body } = await renderChain(await halvesImage(DARK, LIGHT), `${chain},f-png`);
    return Promise.all(xs.map(async (x) => (await pixelAt(body, x, 5)).r));
  }

  it('e-contrast stretches 100 and 150 grey far apart, towards black and white', async () => {
    const [dark, light] = await greysAlong('e-contrast', [5, 35]);
    expect(dark).toBeLessThan(20);
    expect(light).toBeGreaterThan(235);
  });

  it('e-usm darkens the dark side and lightens the light side of an edge, and leaves flat areas alone', async () => {
    const [farDark, nearDark, nearLight, farLight] = await greysAlong('e-usm-2-2-1-0', [2, 19, 20, 37]);
    expect([farDark, farLight]).toEqual([100, 150]);
    expect(nearDark).toBeLessThan(95);
    expect(nearLight).toBeGreaterThan(155);
  });

  it('e-usm sharpens more with a larger amount', async () => {
    const [gentle] = await greysAlong('e-usm-2-2-0.5-0', [20]);
    const [strong] = await greysAlong('e-usm-2-2-2-0', [20]);
    expect(strong ?? 0).toBeGreaterThan((gentle ?? 0) + 10);
  });

  it('e-usm leaves an edge alone when its contrast is below the threshold', async () => {
    expect(await greysAlong('e-usm-2-2-1-0.9', [19, 20])).toEqual([100, 150]);
  });

  it('e-usm with sigma 0 takes the sigma from the radius', async () => {
    const [nearLight] = await greysAlong('e-usm-4-0-1-0', [20]);
    expect(nearLight).toBeGreaterThan(155);
  });

  it('refuses e-sharpen and e-usm in one step', async () => {
    await expect(renderChain(quadrants, 'e-sharpen,e-usm-2-2-1-0')).rejects.toThrow(
      expect.objectContaining({ code: 'EINVALID', message: expect.stringContaining('"e-usm"') }),
    );
  });
});

describe('blurred and dominant-colour padding (bg-blurred, bg-dominant with cm-pad_resize)', () => {
  // 400x300 padded into 400x600: the image spans y 150-450, padding above and below.
  it('bg-blurred fills the padding with a blurred copy of the image, the image stays sharp', async () => {
    const { body, metadata } = await renderChain(quadrants, 'w-400,h-600,cm-pad_resize,bg-blurred,f-png');
    expect([metadata.width, metadata.height]).toEqual([400, 600]);
    // The backdrop is the image cover-scaled to 400x600 (800x600, cropped in the middle), blurred:
    // red-green mix near the top middle, not the white or black of a solid colour.
    const top = await pixelAt(body, 200, 20);
    expect(top.r).toBeGreaterThan(60);
    expect(top.g).toBeGreaterThan(60);
    expect(top.b).toBeLessThan(40);
    expect([await colourAt(body, 100, 200), await colourAt(body, 300, 400)]).toEqual(['red', 'yellow']);
  });

  it('bg-blurred_0 is an unblurred cover copy; its brightness shifts it (N255 is black)', async () => {
    const unblurred = await renderChain(quadrants, 'w-400,h-600,cm-pad_resize,bg-blurred_0,f-png');
    const darkest = await renderChain(quadrants, 'w-400,h-600,cm-pad_resize,bg-blurred_0_N255,f-png');
    expect([await colourAt(unblurred.body, 150, 20), await colourAt(unblurred.body, 250, 580)]).toEqual([
      'red',
      'yellow',
    ]);
    expect([await colourAt(darkest.body, 150, 20), await colourAt(darkest.body, 100, 200)]).toEqual([
      'black',
      'red',
    ]);
  });

  it('bg-blurred brightness N30 darkens the padding compared with 0', async () => {
    const plain = await renderChain(quadrants, 'w-400,h-600,cm-pad_resize,bg-blurred_10,f-png');
    const darker = await renderChain(quadrants, 'w-400,h-600,cm-pad_resize,bg-blurred_10_N30,f-png');
    const [before, after] = await Promise.all([pixelAt(plain.body, 100, 20), pixelAt(darker.body, 100, 20)]);
    expect(before.r - after.r).toBeGreaterThanOrEqual(28);
  });

  it('bg-dominant pads with the dominant colour of the image', async () => {
    // A 40x40 blue frame around a 10x10 red centre: blue dominates. Padded into 40x80.
    const mostlyBlue = await framedImage({ width: 10, height: 10, colour: RED }, 15, BLUE);
    const { body } = await renderChain(mostlyBlue, 'w-40,h-80,cm-pad_resize,bg-dominant,f-png');
    expect([await colourAt(body, 20, 5), await colourAt(body, 20, 40), await colourAt(body, 20, 75)]).toEqual(
      ['blue', 'red', 'blue'],
    );
  });

  it('refuses bg-blurred without cm-pad_resize, as ImageKit documents', async () => {
    await expect(renderChain(quadrants, 'w-100,h-100,bg-blurred')).rejects.toThrow(
      expect.objectContaining({ code: 'EINVALID', message: expect.stringContaining('"bg"') }),
    );
  });
});

describe('shadow (e-shadow)', () => {
  /** 200x200, transparent, with an opaque red 100x100 square in the middle. */
  const cutout = () =>
    sharp({ create: { width: 200, height: 200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .composite([
        {
          input: {
            create: { width: 100, height: 100, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 1 } },
          },
          left: 50,
          top: 50,
        },
      ])
      .png()
      .toBuffer();

  it('e-shadow-bl-0_st-100_x-10_y-10 casts a black shadow 20 px right and down, behind the object', async () => {
    const { body } = await renderChain(await cutout(), 'e-shadow-bl-0_st-100_x-10_y-10,f-png');
    const [object, shadow, beside, corner] = await Promise.all([
      pixelAt(body, 100, 100),
      pixelAt(body, 160, 160),
      pixelAt(body, 40, 100),
      pixelAt(body, 5, 5),
    ]);
    expect(object).toMatchObject({ r: 255, g: 0, b: 0, alpha: 255 });
    expect(shadow).toMatchObject({ r: 0, g: 0, b: 0, alpha: 255 });
    expect(beside.alpha).toBe(0);
    expect(corner.alpha).toBe(0);
  });

  it('st sets how dark the shadow is, and N moves it left and up', async () => {
    const { body } = await renderChain(await cutout(), 'e-shadow-bl-0_st-40_x-N10_y-N10,f-png');
    const shadow = await pixelAt(body, 40, 40);
    expect(shadow.alpha).toBeGreaterThan(90);
    expect(shadow.alpha).toBeLessThan(115);
    expect((await pixelAt(body, 160, 160)).alpha).toBe(0);
  });

  it('bl softens the edge: a blurred shadow fades where a sharp one is solid', async () => {
    const sharpEdge = await renderChain(await cutout(), 'e-shadow-bl-0_st-100_x-10_y-10,f-png');
    const soft = await renderChain(await cutout(), 'e-shadow-bl-15_st-100_x-10_y-10,f-png');
    expect((await pixelAt(sharpEdge.body, 169, 169)).alpha).toBe(255);
    expect((await pixelAt(soft.body, 169, 169)).alpha).toBeLessThan(200);
  });

  it('refuses images over 2 MP with 400 ELIMIT, and works once they are resized in the same step', async () => {
    await expect(renderChain(quadrants, 'w-1500,h-1500,e-shadow')).rejects.toMatchObject({
      code: 'ELIMIT',
      status: 400,
      message: expect.stringContaining('e-shadow'),
    });
    const { metadata } = await renderChain(quadrants, 'w-500,e-shadow,f-png');
    expect([metadata.width, metadata.height]).toEqual([500, 375]);
  });
});
