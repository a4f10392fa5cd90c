import sharp from 'sharp';
import { colourNames, formatColour, parseColour } from './colours';

/** What sharp (libvips' own CSS colour parser) paints for a colour string: an independent reference. */
async function paintedBySharp(colour: string): Promise<[number, number, number]> {
  const { data } = await sharp({ create: { width: 1, height: 1, channels: 3, background: colour } })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return [data[0] ?? -1, data[1] ?? -1, data[2] ?? -1];
}

describe('colour names', () => {
  it('lists the 147 SVG 1.1 colour keywords', () => {
    expect(colourNames()).toHaveLength(147);
    expect(colourNames()).toEqual(expect.arrayContaining(['aqua', 'beige', 'lightgreen', 'gray', 'grey']));
  });

  it.each(colourNames())('%s is the colour the CSS name means', async (name) => {
    const { r, g, b } = parseColour(name, 'bg');
    expect([r, g, b]).toEqual(await paintedBySharp(name));
  });
});

describe('colour text', () => {
  it.each([
    ['FF000040', 'FF000040'],
    ['ff0000', 'FF0000'],
    ['navy', '000080'],
    ['00FF0005', '00FF0005'],
  ])('%s is written canonically as %s', (text, canonical) => {
    expect(formatColour(parseColour(text, 'bg'))).toBe(canonical);
  });
});
