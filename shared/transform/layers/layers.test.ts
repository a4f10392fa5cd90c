import { readFileSync } from 'node:fs';
import { colourBox } from '../../../local/colour-box';
import sharp from 'sharp';
import { BLUE, colourAt, framedImage, pixelAt, RED, solidImage, WHITE } from '../../../test/support/images';
import { renderChain } from '../../../test/support/render-chain';

/*
 * ImageKit's layers on real pixels. The base is 400x300 white; the logo a 40x20 red PNG; the framed
 * logo the same red inside a 10 px white frame (what ImageKit's default trim takes off).
 */
let base: Buffer;
let logo: Buffer;
let framedLogo: Buffer;

beforeAll(async () => {
  base = await solidImage(400, 300, WHITE);
  logo = await solidImage(40, 20, RED);
  framedLogo = await framedImage({ width: 40, height: 20, colour: RED }, 10, BLUE);
});

const withLogo = (chain: string, extra: Record<string, Buffer> = {}) =>
  renderChain(base, chain, { layerAssets: { 'logo.png': logo, 'brand/framed.png': framedLogo, ...extra } });

/** The bounding box of the pixels matching a colour (within 60 per channel). */
async function boxOf(image: Buffer, colour: { r: number; g: number; b: number }) {
  const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return colourBox({ data, ...info }, colour, 60);
}

describe('image layers (l-image)', () => {
  it('centres the layer by default and keeps the base size', async () => {
    const { body, width, height } = await withLogo('l-image,i-logo.png,l-end,f-png');
    expect([width, height]).toEqual([400, 300]);
    expect(await boxOf(body, RED)).toEqual({ left: 180, top: 140, width: 40, height: 20 });
  });

  it('places the top-left corner at lx/ly', async () => {
    const { body } = await withLogo('l-image,i-logo.png,lx-10,ly-20,l-end,f-png');
    expect(await boxOf(body, RED)).toEqual({ left: 10, top: 20, width: 40, height: 20 });
  });

  it('counts N-prefixed lx/ly from the right and bottom edges', async () => {
    const { body } = await withLogo('l-image,i-logo.png,lx-N10,ly-N5,l-end,f-png');
    expect(await boxOf(body, RED)).toEqual({ left: 350, top: 275, width: 40, height: 20 });
  });

  it('keeps a layer pushed past the edge inside the image', async () => {
    const { body } = await withLogo('l-image,i-logo.png,lx-1000,ly-1000,l-end,f-png');
    expect(await boxOf(body, RED)).toEqual({ left: 360, top: 280, width: 40, height: 20 });
  });

  it.each([
    ['top_left', { left: 0, top: 0 }],
    ['bottom_right', { left: 360, top: 280 }],
    ['top', { left: 180, top: 0 }],
    ['left', { left: 0, top: 140 }],
  ])('lfo-%s places it there', async (focus, corner) => {
    const { body } = await withLogo(`l-image,i-logo.png,lfo-${focus},l-end,f-png`);
    expect(await boxOf(body, RED)).toEqual({ ...corner, width: 40, height: 20 });
  });

  it("applies the layer's own transformations (w, rt) to the layer only", async () => {
    const { body, width } = await withLogo('w-200,l-image,i-logo.png,w-20,rt-90,lfo-top_left,l-end,f-png');
    expect(width).toBe(200);
    expect(await boxOf(body, RED)).toEqual({ left: 0, top: 0, width: 10, height: 20 });
  });

  it('trims the layer by default, and t-false keeps its frame', async () => {
    const trimmed = await withLogo('l-image,i-brand@@framed.png,lfo-top_left,l-end,f-png');
    expect(await boxOf(trimmed.body, RED)).toEqual({ left: 0, top: 0, width: 40, height: 20 });
    const framed = await withLogo('l-image,i-brand@@framed.png,t-false,lfo-top_left,l-end,f-png');
    expect(await boxOf(framed.body, RED)).toEqual({ left: 10, top: 10, width: 40, height: 20 });
    expect(await colourAt(framed.body, 2, 2)).toBe('blue');
  });

  it("composites after the step's own effects: e-grayscale greys the base, not the layer", async () => {
    const blue = await solidImage(400, 300, BLUE);
    const { body } = await renderChain(blue, 'e-grayscale,bl-2,l-image,i-logo.png,l-end,f-png', {
      layerAssets: { 'logo.png': logo },
    });
    expect(await colourAt(body, 200, 150)).toBe('red');
    const edge = await pixelAt(body, 10, 10);
    expect(edge.r).toBe(edge.b);
  });

  it('crops a layer larger than its parent to the parent', async () => {
    const { body, width, height } = await withLogo('w-30,h-10,l-image,i-logo.png,l-end,f-png');
    expect([width, height]).toEqual([30, 10]);
    expect(await boxOf(body, RED)).toEqual({ left: 0, top: 0, width: 30, height: 10 });
  });

  it('reads ie- (base64) paths, with / for folders', async () => {
    const encoded = Buffer.from('brand/framed.png').toString('base64');
    const { body } = await withLogo(`l-image,ie-${encoded},lfo-top_left,l-end,f-png`);
    expect(await boxOf(body, RED)).toEqual({ left: 0, top: 0, width: 40, height: 20 });
  });

  it('answers 400 naming a layer image the endpoint does not have', async () => {
    await expect(withLogo('l-image,i-missing.png,l-end')).rejects.toMatchObject({
      status: 400,
      code: 'EINVALID',
      message: expect.stringContaining('"missing.png"'),
    });
  });
});

describe('solid colour blocks (i-ik_canvas)', () => {
  it('draws a w x h block of bg', async () => {
    const { body } = await withLogo('l-image,i-ik_canvas,bg-FF0000,w-100,h-50,lx-20,ly-30,l-end,f-png');
    expect(await boxOf(body, RED)).toEqual({ left: 20, top: 30, width: 100, height: 50 });
  });

  it('al-5 makes a block without its own alpha half transparent', async () => {
    const { body } = await withLogo('l-image,i-ik_canvas,bg-0000FF,al-5,w-100,h-50,l-end,f-png');
    const pixel = await pixelAt(body, 200, 150);
    expect(pixel.b).toBe(255);
    expect(pixel.r).toBeGreaterThan(120);
    expect(pixel.r).toBeLessThan(136);
  });

  it('r-max rounds the block into an ellipse', async () => {
    const { body } = await withLogo(
      'l-image,i-ik_canvas,bg-FF0000,w-100,h-100,r-max,lfo-top_left,l-end,f-png',
    );
    expect([await colourAt(body, 3, 3), await colourAt(body, 50, 50)]).toEqual(['white', 'red']);
  });
});

describe('nesting', () => {
  it('positions a nested layer inside its parent layer', async () => {
    const { body } = await withLogo(
      'l-image,i-ik_canvas,bg-0000FF,w-200,h-100,lx-50,ly-50,l-image,i-logo.png,lfo-bottom_right,l-end,l-end,f-png',
    );
    expect(await boxOf(body, BLUE)).toEqual({ left: 50, top: 50, width: 200, height: 100 });
    expect(await boxOf(body, RED)).toEqual({ left: 210, top: 130, width: 40, height: 20 });
  });
});

describe('layer modes (lm)', () => {
  it('lm-multiply multiplies the layer into its parent', async () => {
    const grey = await solidImage(100, 100, { r: 200, g: 200, b: 200 });
    const { body } = await renderChain(grey, 'l-image,i-ik_canvas,bg-808080,lm-multiply,l-end,f-png');
    const pixel = await pixelAt(body, 50, 50);
    expect(Math.abs(pixel.r - Math.round((200 * 128) / 255))).toBeLessThanOrEqual(2);
  });

  it("lm-cutout cuts the layer's shape out of its parent", async () => {
    const { body } = await withLogo('l-image,i-logo.png,lx-0,ly-0,lm-cutout,l-end,f-png');
    expect([await colourAt(body, 5, 5), await colourAt(body, 100, 100)]).toEqual(['transparent', 'white']);
  });

  it('lm-cutter keeps only the parent under the layer', async () => {
    const { body } = await withLogo('l-image,i-logo.png,lx-0,ly-0,lm-cutter,l-end,f-png');
    expect([await colourAt(body, 5, 5), await colourAt(body, 100, 100)]).toEqual(['white', 'transparent']);
  });
});

describe('text layers (l-text)', () => {
  const text = async (chain: string, assets: Record<string, Buffer> = {}) => {
    const black = await solidImage(600, 300, { r: 0, g: 0, b: 0 });
    return renderChain(black, chain, { layerAssets: assets });
  };

  it('draws the text in its colour on its background, with CSS-shorthand padding', async () => {
    const { body } = await text('l-text,i-Hello,co-FF0000,fs-40,bg-FFFFFF,pa-10_20,lx-0,ly-0,l-end,f-png');
    const box = await boxOf(body, WHITE);
    const ink = await boxOf(body, RED);
    expect(box).toMatchObject({ left: 0, top: 0 });
    expect(ink?.left).toBeGreaterThanOrEqual(20);
    expect(ink?.top).toBeGreaterThanOrEqual(10);
    expect((box?.width ?? 0) - (ink?.width ?? 0)).toBeGreaterThanOrEqual(40);
    expect(ink?.height).toBeGreaterThan(20);
  });

  it('wraps at w and grows downwards', async () => {
    const line = await text('l-text,i-one two three four,bg-FFFFFF,lx-0,ly-0,l-end,f-png');
    const wrapped = await text('l-text,i-one two three four,bg-FFFFFF,w-150,lx-0,ly-0,l-end,f-png');
    const [single, multi] = [await boxOf(line.body, WHITE), await boxOf(wrapped.body, WHITE)];
    expect(multi?.width).toBeLessThanOrEqual(150);
    expect(multi?.height).toBeGreaterThan((single?.height ?? 0) * 2);
  });

  it('fs sets the size and tg-b the weight', async () => {
    const small = await boxOf((await text('l-text,i-Hi,co-FFFFFF,fs-20,l-end,f-png')).body, WHITE);
    const large = await boxOf((await text('l-text,i-Hi,co-FFFFFF,fs-80,l-end,f-png')).body, WHITE);
    const bold = await boxOf((await text('l-text,i-Hi,co-FFFFFF,fs-80,tg-b,l-end,f-png')).body, WHITE);
    expect((large?.height ?? 0) / (small?.height ?? 1)).toBeGreaterThan(3);
    expect(bold?.width).toBeGreaterThan(large?.width ?? Infinity);
  });

  it('draws markup in the text as text, never as markup', async () => {
    const { body } = await text(
      `l-text,ie-${Buffer.from('<span font="300">x</span>').toString('base64')},co-FFFFFF,fs-20,l-end,f-png`,
    );
    const ink = await boxOf(body, WHITE);
    expect(ink?.height).toBeLessThan(40);
    expect(ink?.width).toBeGreaterThan(150);
  });

  it('renders with a font file from the endpoint (ff- path) and refuses one that is not a font', async () => {
    // A font the built-ins do not include: DejaVu Serif Condensed (narrower than DejaVu Serif).
    const condensed = readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerifCondensed.ttf'));
    const chain = (font: string) => `l-text,i-imgfront renders,co-FFFFFF,${font},l-end,f-png`;
    const serif = await boxOf((await text(chain('ff-DejaVuSerif'))).body, WHITE);
    const custom = await boxOf(
      (await text(chain('ff-fonts@@condensed.ttf'), { 'fonts/condensed.ttf': condensed })).body,
      WHITE,
    );
    expect(custom?.width).toBeLessThan((serif?.width ?? 0) * 0.95);
    expect(custom?.height).toBe(serif?.height);
    await expect(text('l-text,i-x,ff-fake.ttf,l-end', { 'fake.ttf': logo })).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('not a TrueType or OpenType font'),
    });
  });

  it('computes fs, pa and w expressions from the parent before drawing (fs-bh_div_6)', async () => {
    const small = await boxOf((await text('l-text,i-Hi,co-FFFFFF,fs-20,l-end,f-png')).body, WHITE);
    const computed = await boxOf((await text('l-text,i-Hi,co-FFFFFF,fs-bh_div_3,l-end,f-png')).body, WHITE);
    expect((computed?.height ?? 0) / (small?.height ?? 1)).toBeGreaterThan(4);
  });

  it.each(['Roboto', 'OpenSans', 'Lato', 'Montserrat', 'Lora', 'Ubuntu', 'DejaVuSerif', 'DejaVuSansMono'])(
    'draws with the built-in font ff-%s, unlike the default',
    async (font) => {
      const chain = (extra: string) => `l-text,i-imgfront renders text,co-FFFFFF,fs-40${extra},l-end,f-png`;
      const fallback = await boxOf((await text(chain(''))).body, WHITE);
      const chosen = await boxOf((await text(chain(`,ff-${font}`))).body, WHITE);
      expect(chosen).not.toEqual(fallback);
    },
  );

  it('answers 400 for an unknown font name, listing the built-in ones', async () => {
    await expect(text('l-text,i-x,ff-ComicSans,l-end')).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('Roboto'),
    });
  });

  it('refuses text that would cost too many pixels to draw', async () => {
    await expect(text(`l-text,i-${'W'.repeat(144)},fs-512,l-end`)).rejects.toMatchObject({
      status: 400,
      code: 'ELIMIT',
    });
  });
});
