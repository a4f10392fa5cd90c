import { MIN_PART_BYTES, partSizeFor } from './multipart-upload';

const MiB = 1024 ** 2;

describe('the part size of a multipart upload', () => {
  it.each([
    ['just above the smallest threshold', 5 * MiB + 1, 5 * MiB, 2],
    ['a few MiB', 6 * MiB, 5 * MiB, 2],
    ['the default threshold', 16 * MiB + 1, 8 * MiB, 3],
    ['1 GiB', 1024 * MiB, 8 * MiB, 128],
    ['100 GiB (10,000 parts at most)', 100 * 1024 * MiB, Math.ceil((100 * 1024 * MiB) / 10_000), 10_000],
    ['5 TiB, the largest object', 5 * 1024 ** 4, Math.ceil((5 * 1024 ** 4) / 10_000), 10_000],
  ])('gives %s parts S3 accepts', (_case, fileBytes, partBytes, parts) => {
    const size = partSizeFor(fileBytes);
    expect(size).toBe(partBytes);
    expect(size).toBeGreaterThanOrEqual(MIN_PART_BYTES);
    expect(Math.ceil(fileBytes / size)).toBe(parts);
  });
});
