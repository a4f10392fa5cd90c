import fc from 'fast-check';
import type { CorpusEntry } from './corpus';
import type { FuzzRequest, Harness } from './harness';
import { applyMutation, originalCases, type OriginalCase } from './original-mutations';
import { urlCases, validChain, type RequestCase } from './url-arbitraries';

/** One fuzz case: a hostile URL against good originals, or a good URL against a hostile original. */
export type FuzzCase = ({ kind: 'url' } & RequestCase) | ({ kind: 'original' } & OriginalCase);

export interface CaseSources {
  harness: Harness;
  corpus: readonly CorpusEntry[];
  hostile: Readonly<Record<string, Buffer>>;
}

export function fuzzCases({ harness, corpus, hostile }: CaseSources): fc.Arbitrary<FuzzCase> {
  return fc.oneof(
    { weight: 3, arbitrary: urlCases(harness.targets).map((value): FuzzCase => ({ kind: 'url', ...value })) },
    {
      weight: 2,
      arbitrary: originalCases(corpus, Object.keys(hostile), validChain).map((value): FuzzCase => ({
        kind: 'original',
        ...value,
      })),
    },
  );
}

/** The bytes an original case serves. */
export function originalBytes(
  value: OriginalCase,
  { corpus, hostile }: Omit<CaseSources, 'harness'>,
): Buffer {
  const base = corpus.find((entry) => entry.name === value.source)?.body ?? hostile[value.source];
  if (base === undefined) throw new RangeError(`no original named ${value.source}`);
  return value.mutation ? applyMutation(base, value.mutation) : base;
}

/** Puts the case's original in place (for original cases) and returns the request to send. */
export function prepareRequest(value: FuzzCase, sources: CaseSources): FuzzRequest {
  if (value.kind === 'url') return value;
  const target = sources.harness.stageOriginal(originalBytes(value, sources), value.extension, value.chain);
  return { method: 'GET', target, accept: value.accept };
}
