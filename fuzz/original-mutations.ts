import fc from 'fast-check';
import type { CorpusEntry } from './corpus';
import { withDeclaredSize } from './image-headers';

/**
 * Damage done to a valid original. Plain data, so a shrunk counterexample prints as something a
 * person can rebuild (and `applyMutation` rebuilds it byte for byte).
 */
export type Mutation =
  | { kind: 'bit-flips'; positions: number[] }
  | { kind: 'overwrite'; offset: number; bytes: number[] }
  | { kind: 'truncate'; keepPerMille: number }
  | { kind: 'wrong-magic'; magic: keyof typeof MAGIC }
  | { kind: 'declared-size'; width: number; height: number }
  | { kind: 'append'; bytes: number[] };

/** Leading bytes of other formats, to put on a file that is not that format. */
const MAGIC = {
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  jpeg: [0xff, 0xd8, 0xff, 0xe0],
  gif: [0x47, 0x49, 0x46, 0x38, 0x39, 0x61],
  webp: [0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50],
  avif: [0, 0, 0, 0x1c, 0x66, 0x74, 0x79, 0x70, 0x61, 0x76, 0x69, 0x66],
  svg: [...Buffer.from('<svg ')],
  zero: [0, 0, 0, 0],
};

/** Sizes that sit on the integer widths headers use, and the service's own limits. */
const ABSURD_SIZES = [
  0, 1, 2, 8192, 8193, 10_000, 16_383, 16_384, 60_000, 65_535, 65_536, 0x7fffffff, 0xffffffff,
];

const byte = fc.integer({ min: 0, max: 255 });

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('bit-flips' as const),
    positions: fc.array(fc.nat(), { minLength: 1, maxLength: 16 }),
  }),
  fc.record({
    kind: fc.constant('overwrite' as const),
    offset: fc.nat(),
    bytes: fc.array(byte, { minLength: 1, maxLength: 32 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), keepPerMille: fc.integer({ min: 0, max: 999 }) }),
  fc.record({
    kind: fc.constant('wrong-magic' as const),
    magic: fc.constantFrom(...(Object.keys(MAGIC) as Array<keyof typeof MAGIC>)),
  }),
  fc.record({
    kind: fc.constant('declared-size' as const),
    width: fc.oneof(fc.constantFrom(...ABSURD_SIZES), fc.nat()),
    height: fc.oneof(fc.constantFrom(...ABSURD_SIZES), fc.nat()),
  }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.array(byte, { minLength: 1, maxLength: 64 }) }),
);

/** The damaged bytes; positions wrap around the file so every generated number lands somewhere. */
export function applyMutation(original: Buffer, change: Mutation): Buffer {
  const body = Buffer.from(original);
  switch (change.kind) {
    case 'bit-flips':
      for (const position of change.positions) {
        const index = Math.floor(position / 8) % body.byteLength;
        body[index] = (body[index] ?? 0) ^ (1 << (position % 8));
      }
      return body;
    case 'overwrite':
      change.bytes.forEach((value, index) => {
        body[(change.offset + index) % body.byteLength] = value;
      });
      return body;
    case 'truncate':
      return body.subarray(0, Math.floor((original.byteLength * change.keepPerMille) / 1000));
    case 'wrong-magic':
      body.set(MAGIC[change.magic].slice(0, body.byteLength));
      return body;
    case 'declared-size':
      return withDeclaredSize(original, change.width, change.height) ?? body;
    case 'append':
      return Buffer.concat([body, Buffer.from(change.bytes)]);
  }
}

export interface OriginalCase {
  family: string;
  /** Corpus entry, or hostile original, by name. */
  source: string;
  mutation: Mutation | undefined;
  /** The extension the origin serves it under: its own, or a lie. */
  extension: string;
  chain: string;
  accept: string;
}

const EXTENSIONS = ['jpg', 'png', 'webp', 'gif', 'avif', 'svg', 'txt', ''];

/** Mutated corpus files and hand-built hostile originals, each under a transformation chain. */
export function originalCases(
  corpus: readonly CorpusEntry[],
  hostileNames: readonly string[],
  chain: fc.Arbitrary<string>,
): fc.Arbitrary<OriginalCase> {
  const common = {
    extension: fc.constantFrom(...EXTENSIONS),
    chain: fc.oneof(fc.constant(''), chain),
    accept: fc.constantFrom('', 'image/webp,*/*', 'image/avif,image/webp,*/*'),
  };
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        family: fc.constant('original-mutation'),
        source: fc.constantFrom(...corpus.map((entry) => entry.name)),
        mutation: mutation.map((value): Mutation | undefined => value),
        ...common,
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        family: fc.constant('original-hostile'),
        source: fc.constantFrom(...hostileNames),
        mutation: fc.constant(undefined),
        ...common,
      }),
    },
  );
}
