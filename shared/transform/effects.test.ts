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
