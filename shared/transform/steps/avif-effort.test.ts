import { avifEffortFor } from './avif-effort';

describe('AVIF effort by output size', () => {
  it.each([
    [400, 300, 2],
    [500, 500, 2],
    [300, 833, 2],
    [501, 500, 3],
    [800, 600, 3],
    [1600, 1200, 3],
  ])('encodes %ix%i at effort %i', (width, height, effort) => {
    expect(avifEffortFor({ width, height })).toBe(effort);
  });
});
