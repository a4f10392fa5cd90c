import sharp from 'sharp';
import {
  colourAt,
  framedImage,
  MAGENTA,
  noisyImage,
  orientedJpeg,
  quadrantImage,
  RED,
  salientImage,
  transparentPng,
  WHITE,
} from '../../test/support/images';
import { renderChain } from '../../test/support/render-chain';

/*
 * The source for most cases is 400x300 with red (top left), green (top right), blue (bottom left) and
 * yellow (bottom right) quadrants, so a crop's position shows in the colours at known output points.
 */
let quadrants: Buffer;

beforeAll(async () => {
  quadrants = await quadrantImage();
});

async function sizeOf(chain: string, source = quadrants): Promise<[number?, number?]> {
  const { metadata } = await renderChain(source, chain);
  return [metadata.width, metadata.height];
}

/** Colours at the given output points, so one assertion shows the whole picture on failure. */
async function coloursOf(
  chain: string,
  points: ReadonlyArray<readonly [number, number]>,
  source = quadrants,
) {
  const { body } = await renderChain(source, chain);
  return Promise.all(points.map(([x, y]) => colourAt(body, x, y)));
}

describe('output size', () => {
  it.each([
    ['w-200', 200, 150, 'a width scales the height with the aspect ratio'],
    ['h-150', 200, 150, 'a height scales the width with the aspect ratio'],
    ['w-0.5', 200, 150, 'a width below 1 is a fraction of the input width'],
    ['h-0.25', 100, 75, 'a height below 1 is a fraction of the input height'],
    ['w-200,ar-1-1', 200, 200, 'an aspect ratio with a width sets the height'],
    ['h-100,ar-2-1', 200, 100, 'an aspect ratio with a height sets the width'],
    ['w-200,h-100,ar-1-1', 200, 100, 'an aspect ratio is ignored when both sides are given (ImageKit)'],
    ['w-100,dpr-2', 200, 150, 'dpr multiplies the width'],
    ['w-100,h-100,dpr-1.5', 150, 150, 'dpr multiplies both sides'],
    ['w-200,h-200', 200, 200, 'maintain_ratio (the default) with both sides crops to exactly that size'],
    ['c-maintain_ratio,w-800,h-800', 800, 800, 'maintain_ratio enlarges to the exact size'],
    ['w-800', 800, 600, 'maintain_ratio with one side enlarges'],
    ['c-maintain_ratio_no_enlarge,w-200,h-100', 200, 100, 'maintain_ratio_no_enlarge crops when shrinking'],
    ['c-maintain_ratio_no_enlarge,w-800,h-800', 400, 300, 'maintain_ratio_no_enlarge never enlarges'],
    ['c-maintain_ratio_no_enlarge,w-800', 400, 300, 'maintain_ratio_no_enlarge with one side never enlarges'],
    ['c-at_max,w-200,h-200', 200, 150, 'at_max fits inside the box'],
    ['c-at_max,w-800,h-800', 400, 300, 'at_max never enlarges'],
    ['c-at_max_enlarge,w-800,h-800', 800, 600, 'at_max_enlarge fits inside the box, enlarging'],
    ['c-at_least,w-200,h-200', 267, 200, 'at_least covers the box without cropping'],
    ['c-at_least,w-800,h-100', 800, 600, 'at_least takes the side that needs the larger scale'],
    ['c-force,w-100,h-100', 100, 100, 'force distorts to the exact size'],
    ['c-force,w-100', 100, 300, 'force with one side keeps the other side of the input'],
    ['cm-pad_resize,w-200,h-200', 200, 200, 'pad_resize gives the exact size'],
    ['cm-pad_resize,w-800,h-800', 800, 800, 'pad_resize may enlarge'],
    ['cm-pad_resize_no_enlarge,w-800,h-800', 800, 800, 'pad_resize_no_enlarge still answers the box size'],
    ['cm-extract,w-100,h-50', 100, 50, 'extract cuts the exact size without resizing'],
    ['cm-extract,w-800,h-800', 400, 300, 'extract cannot cut beyond the input'],
    ['cm-pad_extract,w-800,h-800', 800, 800, 'pad_extract pads the extract to the box'],
    ['rt-90', 300, 400, 'rt-90 swaps the sides'],
    ['rt-N90', 300, 400, 'rt-N90 swaps the sides'],
    ['rt-180', 400, 300, 'rt-180 keeps the sides'],
    ['rt-45', 495, 495, 'rt-45 grows to the bounding box of the rotated image'],
    ['w-200:rt-90', 150, 200, 'chained steps apply in order'],
    ['rt-90:w-200', 200, 267, 'chained steps apply in order, the other way round'],
    ['fo-auto,w-100,h-300', 100, 300, 'fo-auto crops to the exact size'],
  ])('%s gives %ix%i: %s', async (chain, width, height) => {
    expect(await sizeOf(chain)).toEqual([width, height]);
  });

  it('enlarges a 2x2 image to 4000 pixels with c-maintain_ratio', async () => {
    const tiny = await sharp({ create: { width: 2, height: 2, channels: 3, background: RED } })
      .png()
      .toBuffer();
    const { metadata } = await renderChain(tiny, 'w-4000,f-jpeg');
    expect([metadata.width, metadata.height]).toEqual([4000, 4000]);
  });
});

describe('output cap', () => {
  const refused = { code: 'ELIMIT', status: 400 };
  const solid = (width: number, height: number) =>
    sharp({ create: { width, height, channels: 3, background: RED } })
      .png()
      .toBuffer();

  it.each([
    ['w-9000', 'a width beyond the default 8192 px cap'],
    ['h-9000', 'a height beyond the cap'],
    ['w-4000,dpr-3', 'a width that dpr takes beyond the cap'],
    ['cm-pad_resize,w-100,h-9000', 'a padded box beyond the cap'],
  ])('refuses %s with 400 ELIMIT: %s', async (chain) => {
    await expect(renderChain(quadrants, chain)).rejects.toMatchObject(refused);
  });

  it('refuses to enlarge a 2x2 image to 20000 pixels', async () => {
    await expect(renderChain(await solid(2, 2), 'w-20000')).rejects.toMatchObject(refused);
  });

  it('refuses c-at_least when covering the box would exceed the cap on the other side', async () => {
    // 4x1 covering a 4000x4000 box would be 16000x4000.
    await expect(renderChain(await solid(4, 1), 'c-at_least,w-4000,h-4000')).rejects.toMatchObject(refused);
  });

  it('refuses a rotation whose bounding box exceeds the cap', async () => {
    const limits = { maxOutputDimension: 100 };
    const square = await solid(80, 80);
    await expect(renderChain(square, 'rt-90', { limits })).resolves.toBeDefined();
    await expect(renderChain(square, 'rt-45', { limits })).rejects.toMatchObject(refused);
  });

  it("applies the endpoint's smaller maximum width", async () => {
    const settings = { maxWidth: 300 };
    await expect(renderChain(quadrants, 'w-300', { settings })).resolves.toBeDefined();
    await expect(renderChain(quadrants, 'w-301', { settings })).rejects.toMatchObject(refused);
  });

  it.each(['h-1000', 'c-at_least,w-100,h-1000', 'cm-pad_resize,h-1000'])(
    "refuses %s when the width it implies exceeds the endpoint's maximum width",
    async (chain) => {
      // 400x300 at 1000 px high is 1333 px wide.
      await expect(renderChain(quadrants, chain, { settings: { maxWidth: 300 } })).rejects.toMatchObject(
        refused,
      );
    },
  );
});

describe('crop position', () => {
  it.each([
    ['fo-left,w-100,h-300', ['red', 'blue']],
    ['fo-right,w-100,h-300', ['green', 'yellow']],
    ['fo-top_left,w-100,h-300', ['red', 'blue']],
    ['fo-bottom_right,w-100,h-300', ['green', 'yellow']],
    ['fo-custom,x-300,w-100,h-300', ['green', 'yellow']],
    ['fo-custom,xc-50,w-100,h-300', ['red', 'blue']],
  ] as const)('%s keeps the matching vertical strip', async (chain, expected) => {
    expect(
      await coloursOf(chain, [
        [50, 75],
        [50, 225],
      ]),
    ).toEqual(expected);
  });

  it.each([
    ['fo-top,w-400,h-100', ['red', 'green']],
    ['fo-bottom,w-400,h-100', ['blue', 'yellow']],
    ['fo-top_right,w-400,h-100', ['red', 'green']],
    ['fo-bottom_left,w-400,h-100', ['blue', 'yellow']],
    ['fo-custom,y-200,w-400,h-100', ['blue', 'yellow']],
  ] as const)('%s keeps the matching horizontal strip', async (chain, expected) => {
    expect(
      await coloursOf(chain, [
        [100, 50],
        [300, 50],
      ]),
    ).toEqual(expected);
  });

  it('crops from the centre by default', async () => {
    // The centre 100 px strip straddles the red/green boundary at x = 200.
    expect(
      await coloursOf('w-100,h-300', [
        [25, 75],
        [75, 75],
      ]),
    ).toEqual(['red', 'green']);
  });

  it.each([
    ['fo-top_left', 'red'],
    ['fo-top_right', 'green'],
    ['fo-bottom_left', 'blue'],
    ['fo-bottom_right', 'yellow'],
  ] as const)('cm-extract with %s picks the %s quadrant', async (focus, colour) => {
    expect(
      await coloursOf(`cm-extract,w-100,h-100,${focus}`, [
        [0, 0],
        [99, 99],
      ]),
    ).toEqual([colour, colour]);
  });

  it.each([
    ['x-0,y-0', 'red'],
    ['x-250,y-0', 'green'],
    ['x-0,y-200', 'blue'],
    ['x-250,y-200', 'yellow'],
    ['xc-100,yc-75', 'red'],
    ['xc-300,yc-225', 'yellow'],
  ] as const)('cm-extract at %s picks the %s quadrant', async (position, colour) => {
    expect(
      await coloursOf(`cm-extract,w-100,h-50,${position}`, [
        [0, 0],
        [99, 49],
      ]),
    ).toEqual([colour, colour]);
  });

  it('fo-auto keeps the salient region in the crop', async () => {
    // The only saturated patch spans x 300-360, y 120-180 of a grey 400x300 image.
    const { body } = await renderChain(await salientImage(), 'fo-auto,w-100,h-300');
    expect(await colourAt(body, 50, 150)).toBe('red');
  });

  it.each([['cm-extract'], ['cm-pad_extract']])(
    '%s with fo-auto cuts the region around the salient patch',
    async (mode) => {
      // The patch sits right of centre (x 300-360, y 120-180); a centred 100x100 cut would miss it.
      const { body, metadata } = await renderChain(await salientImage(), `${mode},w-100,h-100,fo-auto`);
      expect([metadata.width, metadata.height]).toEqual([100, 100]);
      expect(await colourAt(body, 50, 50)).toBe('red');
    },
  );
});

describe('padding', () => {
  // 400x300 into 600x300 leaves 200 px of padding; into 400x400 it leaves 100 px.
  it.each([
    ['fo-left', 'w-600,h-300', [10, 100], 'red', [590, 100]],
    ['fo-right', 'w-600,h-300', [590, 100], 'green', [10, 100]],
    ['fo-top', 'w-400,h-400', [100, 10], 'red', [100, 390]],
    ['fo-bottom', 'w-400,h-400', [100, 390], 'blue', [100, 10]],
  ] as const)(
    'cm-pad_resize with %s puts the image on that side and the bg colour opposite',
    async (focus, box, imagePoint, imageColour, padPoint) => {
      expect(await coloursOf(`cm-pad_resize,${box},bg-FF00FF,${focus}`, [imagePoint, padPoint])).toEqual([
        imageColour,
        'magenta',
      ]);
    },
  );

  it('cm-pad_resize centres the image by default and pads both sides evenly', async () => {
    expect(
      await coloursOf('cm-pad_resize,w-400,h-400,bg-FF00FF', [
        [200, 10],
        [200, 390],
        [100, 100],
        [300, 300],
      ]),
    ).toEqual(['magenta', 'magenta', 'red', 'yellow']);
  });

  it('cm-pad_resize pads with white when the source has no alpha and no bg is given', async () => {
    expect(await coloursOf('cm-pad_resize,w-400,h-400', [[200, 10]])).toEqual(['white']);
  });

  it('cm-pad_resize pads with transparency when the source has alpha', async () => {
    expect(await coloursOf('cm-pad_resize,w-40,h-40,f-png', [[30, 2]], await transparentPng())).toEqual([
      'transparent',
    ]);
  });

  it('cm-pad_resize_no_enlarge keeps the image at its size in the middle of the box', async () => {
    // 400x300 centred in 800x800: the image spans x 200-600 and y 250-550.
    expect(
      await coloursOf('cm-pad_resize_no_enlarge,w-800,h-800,bg-FF00FF', [
        [150, 400],
        [250, 300],
        [550, 500],
        [400, 600],
      ]),
    ).toEqual(['magenta', 'red', 'yellow', 'magenta']);
  });

  it('cm-pad_extract pads an extract that is larger than the input', async () => {
    // The whole 400x300 input centred in 600x400: it spans x 100-500 and y 50-350.
    expect(
      await coloursOf('cm-pad_extract,w-600,h-400,bg-FF00FF', [
        [5, 5],
        [110, 60],
        [490, 340],
        [595, 395],
      ]),
    ).toEqual(['magenta', 'red', 'yellow', 'magenta']);
  });
});

describe('orientation, rotation and flips', () => {
  it.each([
    ['rt-90', ['blue', 'red', 'yellow', 'green']],
    ['rt-N90', ['green', 'yellow', 'red', 'blue']],
    ['rt-270', ['green', 'yellow', 'red', 'blue']],
    ['rt-180', ['yellow', 'blue', 'green', 'red']],
    ['fl-h', ['green', 'red', 'yellow', 'blue']],
    ['fl-v', ['blue', 'yellow', 'red', 'green']],
    ['fl-h_v', ['yellow', 'blue', 'green', 'red']],
  ] as const)(
    '%s moves the corner colours (top left, top right, bottom left, bottom right)',
    async (chain, corners) => {
      const { body, metadata } = await renderChain(quadrants, chain);
      const right = (metadata.width ?? 0) - 5;
      const bottom = (metadata.height ?? 0) - 5;
      const colours = await Promise.all([
        colourAt(body, 5, 5),
        colourAt(body, right, 5),
        colourAt(body, 5, bottom),
        colourAt(body, right, bottom),
      ]);
      expect(colours).toEqual(corners);
    },
  );

  it('rt-45 fills the corners of the bounding box with the background', async () => {
    expect(await coloursOf('rt-45,bg-FF00FF', [[3, 3]])).toEqual(['magenta']);
  });

  it('applies EXIF orientation 6: a landscape JPEG comes out portrait, turned clockwise', async () => {
    const oriented = await orientedJpeg(6, 40, 30);
    const { metadata, body } = await renderChain(oriented, '');
    expect([metadata.width, metadata.height, metadata.orientation ?? 1]).toEqual([30, 40, 1]);
    expect([await colourAt(body, 3, 3), await colourAt(body, 26, 3)]).toEqual(['blue', 'red']);
  });

  it('treats rt-auto as the EXIF orientation it always applies', async () => {
    const oriented = await orientedJpeg(6, 40, 30);
    const { metadata, body } = await renderChain(oriented, 'rt-auto');
    expect([metadata.width, metadata.height, await colourAt(body, 3, 3)]).toEqual([30, 40, 'blue']);
  });

  it('resizes EXIF-oriented images by their displayed size', async () => {
    expect(await sizeOf('w-15', await orientedJpeg(6, 40, 30))).toEqual([15, 20]);
  });
});

describe('effects', () => {
  it('e-grayscale gives equal channels everywhere', async () => {
    const { body } = await renderChain(quadrants, 'e-grayscale,f-png');
    const { data, info } = await sharp(body)
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const unequal = [];
    for (let offset = 0; offset < data.length; offset += info.channels) {
      if (data[offset] !== data[offset + 1] || data[offset] !== data[offset + 2]) unequal.push(offset);
    }
    expect(unequal).toEqual([]);
    // The red quadrant is no longer red.
    expect(await colourAt(body, 50, 50)).not.toBe('red');
  });

  it('bl blurs: more blur, less sharpness', async () => {
    const noise = await noisyImage();
    const sharpness = async (chain: string) =>
      (await sharp((await renderChain(noise, chain)).body).stats()).sharpness;
    const [none, light, heavy] = await Promise.all([
      sharpness('f-png'),
      sharpness('bl-2,f-png'),
      sharpness('bl-20,f-png'),
    ]);
    expect(light).toBeLessThan(none);
    expect(heavy).toBeLessThan(light);
  });

  it('bl mixes colours across a quadrant boundary', async () => {
    expect(await coloursOf('bl-20', [[199, 50]])).toEqual(['other']);
    expect(await coloursOf('', [[199, 50]])).toEqual(['red']);
  });

  it('e-sharpen raises sharpness, more with a larger amount', async () => {
    const soft = await sharp(await noisyImage())
      .blur(2)
      .png()
      .toBuffer();
    const sharpness = async (chain: string) =>
      (await sharp((await renderChain(soft, chain)).body).stats()).sharpness;
    const [none, light, strong] = await Promise.all([
      sharpness('f-png'),
      sharpness('e-sharpen,f-png'),
      sharpness('e-sharpen-5,f-png'),
    ]);
    expect(light).toBeGreaterThan(none);
    expect(strong).toBeGreaterThan(light);
  });

  it('t trims a uniform border', async () => {
    const framed = await framedImage({ width: 20, height: 10, colour: RED }, 10, WHITE);
    const { metadata, body } = await renderChain(framed, 't-true');
    expect([metadata.width, metadata.height]).toEqual([20, 10]);
    expect(await colourAt(body, 0, 0)).toBe('red');
  });

  it('t with a threshold trims, then later parameters work on the trimmed image', async () => {
    const framed = await framedImage({ width: 20, height: 10, colour: RED }, 10, MAGENTA);
    expect(await sizeOf('t-20,w-10', framed)).toEqual([10, 5]);
  });

  it('t leaves an image without a uniform border alone', async () => {
    expect(await sizeOf('t-true')).toEqual([400, 300]);
  });
});
