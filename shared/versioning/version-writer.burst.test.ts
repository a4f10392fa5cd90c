import { prefixOf } from '../purge/invalidation-path';
import { MAX_WILDCARDS_IN_PROGRESS } from '../purge/invalidation-plan';
import { startPurgeLoop, type PurgeLoop } from './testing/purge-loop';
import { s3Notification, type TestObjectChange } from './testing/s3-events';
import type { VersionWriteReport } from './version-writer';

const KEYS = 500;
const OVERWRITES_PER_KEY = 10;
const RECORDS_PER_PAYLOAD = 100;
const CONCURRENT_DELIVERIES = 2;
/** Events move at most this far from their place: mostly in order, as S3 delivers, with late stragglers. */
const REORDER_WINDOW = 560;

let loop: PurgeLoop;

beforeAll(async () => {
  loop = await startPurgeLoop({
    endpoints: [
      { id: 'demo', origins: [{ type: 's3', bucket: 'media-bucket', prefix: 'images' }] },
      { id: 'shop', origins: [{ type: 's3', bucket: 'media-bucket' }] },
    ],
    // Like an SQS event source with a long batching window: the burst is delivered when flushed.
    batchWindowMs: 600_000,
  });
});
afterAll(() => loop.close());

const keyOf = (index: number) => `images/burst/${String(index).padStart(4, '0')}.jpg`;
const change = (index: number, step: number): TestObjectChange => ({
  kind: 'created',
  bucket: 'media-bucket',
  key: keyOf(index),
  sequencer:
    `00617F0829${step.toString(16).padStart(2, '0')}${index.toString(16).padStart(6, '0')}`.toUpperCase(),
  time: 1_700_000_000_000 + step * 1000,
  etag: `etag-${step}`,
});

/** A fixed pseudo-random reordering within a sliding window, so the test is repeatable. */
function reordered<T>(items: T[], window: number): T[] {
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let index = 0; index < items.length; index += 1) {
    const other = Math.min(items.length - 1, index + Math.floor(random() * window));
    [items[index], items[other]] = [items[other] as T, items[index] as T];
  }
  return items;
}

async function deliverAll(changes: TestObjectChange[]): Promise<VersionWriteReport[]> {
  const payloads: TestObjectChange[][] = [];
  for (let start = 0; start < changes.length; start += RECORDS_PER_PAYLOAD) {
    payloads.push(changes.slice(start, start + RECORDS_PER_PAYLOAD));
  }
  const reports: VersionWriteReport[] = [];
  await Promise.all(
    Array.from({ length: CONCURRENT_DELIVERIES }, async () => {
      for (let payload = payloads.shift(); payload; payload = payloads.shift()) {
        reports.push(await loop.writer(s3Notification(payload)));
      }
    }),
  );
  return reports;
}

it('purges a burst of 5,000 overwrites, some late, with a few invalidations, losing none', async () => {
  await deliverAll(Array.from({ length: KEYS }, (_, index) => change(index, 1)));
  const overwrites = reordered(
    Array.from({ length: KEYS * OVERWRITES_PER_KEY }, (_, position) =>
      change(position % KEYS, 2 + Math.floor(position / KEYS)),
    ),
    REORDER_WINDOW,
  );
  const reports = await deliverAll(overwrites);
  await loop.queue.flush();

  const total = (field: keyof VersionWriteReport) => reports.reduce((sum, report) => sum + report[field], 0);
  expect(total('applied') + total('stale')).toBe(KEYS * OVERWRITES_PER_KEY);
  expect(total('stale')).toBeGreaterThan(0);
  expect(total('purges')).toBe(total('applied'));

  const newest = await Promise.all(
    Array.from({ length: KEYS }, (_, index) => loop.lookup.getCurrentVersion('media-bucket', keyOf(index))),
  );
  expect(newest.every((version) => version?.etag === `etag-${1 + OVERWRITES_PER_KEY}`)).toBe(true);

  const invalidations = loop.cloudFront.invalidations;
  expect(invalidations.length).toBeGreaterThanOrEqual(1);
  expect(invalidations.length).toBeLessThanOrEqual(3);
  for (const invalidation of invalidations) {
    expect(invalidation.paths.length).toBeLessThanOrEqual(MAX_WILDCARDS_IN_PROGRESS);
    expect(invalidation.paths.every((path) => /^\/(demo|shop)\/.+\*$/.test(path))).toBe(true);
  }
  const purgedPrefixes = invalidations.flatMap((invalidation) => invalidation.paths.map(prefixOf));
  const uncovered = Array.from({ length: KEYS }, (_, index) => [
    `/demo/burst/${String(index).padStart(4, '0')}.jpg`,
    `/shop/images/burst/${String(index).padStart(4, '0')}.jpg`,
  ])
    .flat()
    .filter((url) => !purgedPrefixes.some((prefix) => url.startsWith(prefix)));
  expect(uncovered).toEqual([]);
  expect(loop.queue.deadLetters).toEqual([]);
  // Every event happened before the first listing was loaded, so that one listing serves the burst.
  expect(loop.listingQueries()).toBe(1);
}, 60_000);
