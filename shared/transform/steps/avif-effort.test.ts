import { avifEffortFor } from './avif-effort';

describe('AVIF effort by output size', () => {
  it.each([
    [400, 300, 1],
    [500, 500, 1],
    [300, 833, 1],
    [501, 500, 3],
    [800, 600, 3],
    [1600, 1200, 3],
  ])('encodes %ix%i at effort %i', (width, height, effort) => {
    expect(avifEffortFor({ width, height })).toBe(effort);
  });
});
