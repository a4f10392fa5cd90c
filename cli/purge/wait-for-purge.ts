import { ImageError } from '../../shared/errors/image-error';
import type { PurgeRecord } from '../../shared/purge/purge-records';
import { COMPLETED } from '../../shared/purge/purge-status';

export interface WaitOptions {
  timeoutMs: number;
  intervalMs: number;
  /** Called after every look, e.g. for a progress line. */
  onPoll?: (record: PurgeRecord | undefined) => void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls until CloudFront reports the purge complete. Gives up with `ETIMEDOUT` (naming the purge, so
 * it can be checked later) when the timeout passes first.
 */
export async function waitForPurge(
  purgeId: string,
  lookup: () => Promise<PurgeRecord | undefined>,
  options: WaitOptions,
): Promise<PurgeRecord> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const giveUpAt = now() + options.timeoutMs;
  for (;;) {
    const record = await lookup();
    options.onPoll?.(record);
    if (record?.status === COMPLETED) return record;
    if (now() + options.intervalMs > giveUpAt) {
      throw new ImageError(
        'ETIMEDOUT',
        `Purge ${purgeId} is not complete yet (${record?.status ?? 'Queued'})`,
        {
          internal: `gave up waiting after ${Math.round(options.timeoutMs / 1000)} s; check later with: imgfront purge status ${purgeId}`,
        },
      );
    }
    await sleep(options.intervalMs);
  }
}
