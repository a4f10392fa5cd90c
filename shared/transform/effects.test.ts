import { colourAt, pixelAt, quadrantImage } from '../../test/support/images';
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

  it('refuses animated images, naming the parameter', async () => {
    const { animatedGif } = await import('../../test/support/images');
    await expect(renderChain(await animatedGif(), 'r-5,f-gif')).rejects.toThrow(
      expect.objectContaining({ code: 'EINVALID', message: expect.stringContaining('"r"') }),
    );
  });
});
