import { largestDeclaredSvgSide } from './svg-declared-size';

describe('the size an SVG declares', () => {
  it.each([
    ['<svg width="100" height="50">', 100],
    ['<svg width="100px" height="2e9">', 2e9],
    ['<svg viewBox="0 0 64000 64000" width="100" height="100">', 100],
    ['<svg viewBox="0 0 64000 48000">', 64_000],
  ])('reads %s as %d', (markup, side) => {
    expect(largestDeclaredSvgSide(`${markup}</svg>`)).toBe(side);
  });
});
