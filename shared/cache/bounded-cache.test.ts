import { BoundedCache } from './bounded-cache';

let clock = 0;
const cache = (options: { staleIfErrorMs?: number; maxEntries?: number } = {}) =>
  new BoundedCache<string | undefined>({ maxEntries: 100, ttlMs: 1000, now: () => clock, ...options });
const failing = () => Promise.reject(new Error('table unavailable'));

beforeEach(() => {
  clock = 0;
});

describe('a bounded cache', () => {
  it('keeps at most maxEntries after 100,000 distinct keys, misses included', async () => {
    const misses = cache({ maxEntries: 1000 });
    for (let index = 0; index < 100_000; index++) {
      await misses.getOrLoad(`junk-${index}`, () => Promise.resolve(undefined));
    }
    expect(misses.size).toBe(1000);
  });

  it('reuses a value for its TTL, then loads it again', async () => {
    const values = cache();
    let loads = 0;
    const load = () => Promise.resolve(`v${++loads}`);
    expect(await values.getOrLoad('a', load)).toBe('v1');
    clock = 999;
    expect(await values.getOrLoad('a', load)).toBe('v1');
    clock = 1000;
    expect(await values.getOrLoad('a', load)).toBe('v2');
  });

  it('shares one in-flight load and never caches a failure', async () => {
    const values = cache();
    let loads = 0;
    const slow = () => new Promise<string>((resolve) => setTimeout(() => resolve(`v${++loads}`), 5));
    expect(await Promise.all([values.getOrLoad('a', slow), values.getOrLoad('a', slow)])).toEqual([
      'v1',
      'v1',
    ]);
    await expect(values.getOrLoad('b', failing)).rejects.toThrow('table unavailable');
    expect(await values.getOrLoad('b', () => Promise.resolve('recovered'))).toBe('recovered');
  });

  it('serves a stale value while loading fails, within the stale-if-error window only', async () => {
    const values = cache({ staleIfErrorMs: 3600_000 });
    await values.getOrLoad('a', () => Promise.resolve('known'));
    clock = 60_000;
    expect(await values.getOrLoad('a', failing)).toBe('known');
    clock = 1000 + 3600_000;
    await expect(values.getOrLoad('a', failing)).rejects.toThrow('table unavailable');
  });

  it('waits before trying a failing dependency again, then takes the fresh value', async () => {
    const values = cache({ staleIfErrorMs: 3600_000 });
    await values.getOrLoad('a', () => Promise.resolve('old'));
    clock = 2000;
    expect(await values.getOrLoad('a', failing)).toBe('old');
    let tried = false;
    const fresh = () => {
      tried = true;
      return Promise.resolve('new');
    };
    clock = 4000;
    expect(await values.getOrLoad('a', fresh)).toBe('old');
    expect(tried).toBe(false);
    clock = 7001;
    expect(await values.getOrLoad('a', fresh)).toBe('new');
  });
});
