import sharp from 'sharp';
import { animatedGif, BLUE, pixelAt, solidImage, transparentPng } from '../../test/support/images';
import { renderChain } from '../../test/support/render-chain';

/*
 * ImageKit's `e-gradient` on real pixels: a linear gradient laid over the image, `from` pure at the
 * start of the gradient line, `to` pure from the stop point on (PNG output, so values are exact).
 */
let blue: Buffer;

beforeAll(async () => {
  blue = await solidImage(200, 100, BLUE);
});

/** The pixel at (x, y), with every channel within `tolerance` of `expected` (the gradient's rounding). */
async function expectPixel(
  body: Buffer,
  [x, y]: [number, number],
  expected: { r: number; g: number; b: number; alpha?: number },
  tolerance = 4,
): Promise<void> {
  const pixel = await pixelAt(body, x, y);
  const target = { alpha: 255, ...expected };
  const off = (Object.keys(target) as (keyof typeof target)[]).filter(
    (channel) => Math.abs(pixel[channel] - target[channel]) > tolerance,
  );
  expect({ at: [x, y], pixel, off }).toEqual({ at: [x, y], pixel, off: [] });
}

describe('e-gradient', () => {
  it('by default fades opaque white at the top into transparent black at the bottom, over the image', async () => {
    const { body, metadata } = await renderChain(blue, 'e-gradient,f-png');
    expect([metadata.width, metadata.height]).toEqual([200, 100]);
    // Row 0 is 0.5 % of the way down, row 99 is 99.5 %: nearly pure white, nearly pure blue.
    await expectPixel(body, [100, 0], { r: 254, g: 254, b: 255 });
    await expectPixel(body, [100, 99], { r: 1, g: 1, b: 255 });
    // Halfway, half-opaque white over blue (premultiplied, as CSS blends: no grey band).
    await expectPixel(body, [100, 50], { r: 126, g: 126, b: 255 });
  });

  it('ld-right from-red to-yellow runs left to right, whatever the row', async () => {
    const { body } = await renderChain(blue, 'e-gradient-ld-right_from-red_to-yellow,f-png');
    for (const y of [0, 99]) {
      await expectPixel(body, [0, y], { r: 255, g: 1, b: 0 });
      await expectPixel(body, [199, y], { r: 255, g: 254, b: 0 });
      await expectPixel(body, [100, y], { r: 255, g: 128, b: 0 });
    }
  });

  it('sp-0.5 reaches the to colour halfway along the line and keeps it beyond', async () => {
    const { body } = await renderChain(blue, 'e-gradient-ld-90_from-red_to-yellow_sp-0.5,f-png');
    await expectPixel(body, [50, 50], { r: 255, g: 128, b: 0 });
    await expectPixel(body, [100, 50], { r: 255, g: 255, b: 0 });
    await expectPixel(body, [180, 50], { r: 255, g: 255, b: 0 }, 0);
  });

  it('sp above 1 is in pixels: sp-20 reaches the to colour 20 px along the line', async () => {
    const { body } = await renderChain(blue, 'e-gradient-ld-left_from-red_to-yellow_sp-20,f-png');
    // Towards the left: the line starts at the right edge.
    await expectPixel(body, [199, 50], { r: 255, g: 6, b: 0 }, 6);
    await expectPixel(body, [190, 50], { r: 255, g: 128, b: 0 }, 8);
    await expectPixel(body, [150, 50], { r: 255, g: 255, b: 0 }, 0);
  });

  it('ld-45 (top_right) starts in the bottom-left corner and ends in the top-right one', async () => {
    const square = await solidImage(100, 100, BLUE);
    const { body } = await renderChain(square, 'e-gradient-ld-top_right_from-red_to-yellow,f-png');
    await expectPixel(body, [0, 99], { r: 255, g: 2, b: 0 });
    await expectPixel(body, [99, 0], { r: 255, g: 253, b: 0 });
    // The other diagonal is the middle of the line.
    await expectPixel(body, [0, 0], { r: 255, g: 128, b: 0 });
    await expectPixel(body, [99, 99], { r: 255, g: 128, b: 0 });
  });

  it('blends semi-transparent colours over the image: from-FF000050 is half red over blue', async () => {
    const { body } = await renderChain(blue, 'e-gradient-ld-bottom_from-FF000050_to-FF000050,f-png');
    await expectPixel(body, [100, 50], { r: 128, g: 0, b: 128 }, 2);
  });

  it('paints the transparent parts of an image too (the "gradient as a background" recipe needs it)', async () => {
    const { body } = await renderChain(await transparentPng(), 'e-gradient-from-red_to-red,f-png');
    const { data, info } = await sharp(body).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(4);
    const alphas = new Set<number>();
    for (let offset = 3; offset < data.length; offset += 4) alphas.add(data[offset] ?? -1);
    expect([...alphas]).toEqual([255]);
  });

  it('works as ImageKit\'s "gradient as a background": the object layered back over its own gradient', async () => {
    const red = await sharp({ create: { width: 20, height: 20, channels: 4, background: '#ff0000' } })
      .png()
      .toBuffer();
    const object = await sharp({
      create: { width: 100, height: 100, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .composite([{ input: red, left: 40, top: 40 }])
      .png()
      .toBuffer();
    const { body } = await renderChain(
      object,
      'e-gradient-from-blue_to-00FF00:l-image,i-object.png,t-false,l-end,f-png',
      {
        layerAssets: { 'object.png': object },
      },
    );
    await expectPixel(body, [50, 50], { r: 255, g: 0, b: 0 }, 0);
    await expectPixel(body, [50, 0], { r: 0, g: 3, b: 252 }, 4);
    await expectPixel(body, [50, 99], { r: 0, g: 252, b: 3 }, 4);
  });

  it('applies to the resized image of its step, and a later step sees it', async () => {
    const { body, metadata } = await renderChain(
      blue,
      'w-100,e-gradient-ld-right_from-red_to-yellow:rt-180,f-png',
    );
    expect([metadata.width, metadata.height]).toEqual([100, 50]);
    // Rotated half a turn: the red start is now on the right.
    await expectPixel(body, [99, 25], { r: 255, g: 1, b: 0 }, 3);
    await expectPixel(body, [0, 25], { r: 255, g: 254, b: 0 }, 3);
  });

  it('comes before the border and the radius: the border stays its own colour', async () => {
    const { body, metadata } = await renderChain(blue, 'e-gradient-from-red_to-red,b-5_00FF00,f-png');
    expect([metadata.width, metadata.height]).toEqual([210, 110]);
    await expectPixel(body, [2, 50], { r: 0, g: 255, b: 0 }, 0);
    await expectPixel(body, [100, 50], { r: 255, g: 0, b: 0 }, 0);
  });

  it('refuses animated images, naming the parameter', async () => {
    await expect(renderChain(await animatedGif(), 'e-gradient,f-gif')).rejects.toThrow(
      expect.objectContaining({ code: 'EINVALID', message: expect.stringContaining('"e-gradient"') }),
    );
  });
});
