import { availableParallelism } from 'node:os';
import sharp from 'sharp';
import { loadConfig } from '../config/config';
import { ENV } from '../config/env-names';
import { createThreadShare } from './thread-share';

/** A render that reports the thread count libvips would give a pipeline started now. */
const threadsSeen = () => Promise.resolve(sharp.concurrency());

describe('threads per sharp pipeline', () => {
  const initial = sharp.concurrency();
  afterEach(() => sharp.concurrency(initial));

  it('gives a lone render every core and overlapping renders the process default', async () => {
    sharp.concurrency(1);
    const share = createThreadShare(undefined);
    expect(await share.run(threadsSeen)).toBe(availableParallelism());

    let release = () => undefined as void;
    const first = share.run(() => new Promise<number>((resolve) => (release = () => resolve(0))));
    expect(await share.run(threadsSeen)).toBe(1);
    release();
    await first;
    expect(await share.run(threadsSeen)).toBe(availableParallelism());
  });

  it('keeps a fixed count from IMGFRONT_SHARP_THREADS whatever runs at once', async () => {
    const share = createThreadShare(loadConfig({ [ENV.sharpThreads]: '3' }).sharpThreads);
    const held = share.run(() => new Promise<number>((resolve) => setTimeout(() => resolve(0), 10)));
    expect(await share.run(threadsSeen)).toBe(3);
    await held;
    expect(await share.run(threadsSeen)).toBe(3);
  });

  it('refuses a thread count that is not a whole number from 1 to 64', () => {
    expect(loadConfig({}).sharpThreads).toBeUndefined();
    for (const bad of ['0', '1.5', '65', 'all'])
      expect(() => loadConfig({ [ENV.sharpThreads]: bad })).toThrow(ENV.sharpThreads);
  });
});
