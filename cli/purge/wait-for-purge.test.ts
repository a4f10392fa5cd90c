import { ImageError } from '../../shared/errors/image-error';
import type { PurgeRecord } from '../../shared/purge/purge-records';
import { waitForPurge } from './wait-for-purge';

const record = (status: string): PurgeRecord => ({
  purgeId: 'p1',
  paths: ['/demo/a.jpg*'],
  requestedAt: 0,
  distributionId: 'E1',
  invalidationId: 'I1',
  status,
  submittedAt: 0,
  checkedAt: 0,
});

function fakeClock() {
  let now = 0;
  return { now: () => now, sleep: async (ms: number) => void (now += ms) };
}

describe('waiting for a purge', () => {
  it('polls through Queued and InProgress until CloudFront reports Completed', async () => {
    const answers = [undefined, record('InProgress'), record('Completed')];
    const seen: string[] = [];
    const done = await waitForPurge('p1', async () => answers.shift(), {
      timeoutMs: 60_000,
      intervalMs: 5_000,
      onPoll: (polled) => seen.push(polled?.status ?? 'Queued'),
      ...fakeClock(),
    });
    expect(done.status).toBe('Completed');
    expect(seen).toEqual(['Queued', 'InProgress', 'Completed']);
  });

  it('gives up at the timeout with ETIMEDOUT, naming the command to check later', async () => {
    const failure = await waitForPurge('p1', async () => record('InProgress'), {
      timeoutMs: 12_000,
      intervalMs: 5_000,
      ...fakeClock(),
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ImageError);
    expect(failure).toMatchObject({
      code: 'ETIMEDOUT',
      internal: expect.stringContaining('imgfront purge status p1'),
    });
  });
});
