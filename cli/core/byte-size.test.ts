import { UsageError } from './usage-error';
import { parseByteSize } from './byte-size';

const MiB = 1024 ** 2;
const bounds = { min: 5 * MiB, max: 5 * 1024 * MiB };

describe('size flags', () => {
  it.each([
    ['16MiB', 16 * MiB],
    ['16M', 16 * MiB],
    ['16mb', 16 * MiB],
    ['16 MiB', 16 * MiB],
    ['5120KiB', 5 * MiB],
    ['5GiB', 5 * 1024 * MiB],
    [String(6 * MiB), 6 * MiB],
  ])('reads %s as %d bytes', (text, bytes) => {
    expect(parseByteSize(text, '--size', bounds)).toBe(bytes);
  });

  it.each(['4MiB', '6TiB', '-16MiB', '1.5GiB', 'MiB', '16XB', '', '0x10M', '99999999999999'])(
    'refuses %p, naming the flag and the range',
    (text) => {
      expect(() => parseByteSize(text, '--size', bounds)).toThrow(UsageError);
      expect(() => parseByteSize(text, '--size', bounds)).toThrow(
        `expected a size from 5.0 MiB to 5.0 GiB (like 16MiB) for --size but received "${text}"`,
      );
    },
  );
});
