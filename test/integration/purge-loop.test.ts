import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack & { dispose(): Promise<void> };

const solid = (colour: string, format: 'png' | 'jpeg' = 'png') =>
  sharp({ create: { width: 64, height: 64, channels: 3, background: colour } })
    .toFormat(format)
    .toBuffer();

async function viaCdn(path: string) {
  const response = await fetch(`${stack.cdnUrl}${path}`, { headers: { accept: 'image/webp,*/*' } });
  const body = Buffer.from(await response.arrayBuffer());
  const { data } = await sharp(body).raw().toBuffer({ resolveWithObject: true });
  return { cache: response.headers.get('x-cache'), red: data[0] ?? -1, blue: data[2] ?? -1 };
}

beforeAll(async () => {
  stack = await startTestStack();
  await stack.putEndpoint({ id: 'live', origins: [{ type: 's3', bucket: DEMO_BUCKET, prefix: 'live/' }] });
});
afterAll(() => stack.dispose());

describe('overwriting an original in S3', () => {
  it('purges every cached transformation and serves the new bytes next, with no human step', async () => {
    await putObject(stack, DEMO_BUCKET, 'live/hero photo.png', await solid('#ff0000'));
    await stack.settled();

    const urls = [
      '/live/tr:w-32/hero%20photo.png',
      '/live/hero%20photo.png?tr=w-16',
      '/live/hero%20photo.png',
    ];
    for (const url of urls)
      expect(await viaCdn(url)).toMatchObject({ cache: 'Miss from imgfront-local', red: 255 });
    for (const url of urls)
      expect(await viaCdn(url)).toMatchObject({ cache: 'Hit from imgfront-local', red: 255 });

    await putObject(stack, DEMO_BUCKET, 'live/hero photo.png', await solid('#0000ff'));
    await stack.settled();

    for (const url of urls) {
      const fresh = await viaCdn(url);
      expect(fresh).toMatchObject({ cache: 'Miss from imgfront-local', blue: 255 });
      expect(fresh.red).toBeLessThan(20);
    }
    expect(stack.cloudFront.invalidations.map((invalidation) => invalidation.paths)).toEqual([
      ['/live/hero%20photo.png*', '/live/ik-seo/hero%20photo/*'],
    ]);
  });

  it('leaves other originals cached', async () => {
    await putObject(stack, DEMO_BUCKET, 'live/a.png', await solid('#00ff00'));
    await putObject(stack, DEMO_BUCKET, 'live/b.png', await solid('#00ff00'));
    await stack.settled();
    await viaCdn('/live/tr:w-10/a.png');
    await viaCdn('/live/tr:w-10/b.png');

    await putObject(stack, DEMO_BUCKET, 'live/a.png', await solid('#ff0000'));
    await stack.settled();
    expect((await viaCdn('/live/tr:w-10/a.png')).cache).toBe('Miss from imgfront-local');
    expect((await viaCdn('/live/tr:w-10/b.png')).cache).toBe('Hit from imgfront-local');
  });
});

describe('an endpoint created after the version writer listed the endpoints', () => {
  it('has its first overwrite purged, so the next request shows the new bytes', async () => {
    // An upload before the endpoint exists makes the version writer list (and cache) the endpoints.
    await putObject(stack, DEMO_BUCKET, 'late/warm-up.png', await solid('#00ff00'));
    await stack.settled();
    await stack.putEndpoint({ id: 'late', origins: [{ type: 's3', bucket: DEMO_BUCKET, prefix: 'late/' }] });

    await putObject(stack, DEMO_BUCKET, 'late/a/photo.jpg', await solid('#ff0000', 'jpeg'));
    await stack.settled();
    const url = '/late/tr:w-50/a/photo.jpg';
    const [first, second] = [await viaCdn(url), await viaCdn(url)];
    expect([first.cache, second.cache]).toEqual(['Miss from imgfront-local', 'Hit from imgfront-local']);
    expect(Math.min(first.red, second.red)).toBeGreaterThan(235);

    await putObject(stack, DEMO_BUCKET, 'late/a/photo.jpg', await solid('#0000ff', 'jpeg'));
    await stack.settled();
    const fresh = await viaCdn(url);
    expect(fresh).toMatchObject({ cache: 'Miss from imgfront-local' });
    expect(fresh.blue).toBeGreaterThan(235);
    expect(fresh.red).toBeLessThan(20);
  });
});

describe('an endpoint with a short TTL for unversioned URLs', () => {
  beforeAll(async () => {
    await stack.putEndpoint({
      id: 'fresh',
      origins: [{ type: 's3', bucket: DEMO_BUCKET, prefix: 'fresh/' }],
      settings: { unversionedTtlSeconds: 60 },
    });
    await putObject(stack, DEMO_BUCKET, 'fresh/tracked.png', await solid('#00ff00'));
    await stack.settled();
  });

  it('caps unversioned URLs of an object with a recorded version', async () => {
    const response = await stack.get('/fresh/tr:w-8/tracked.png');
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
  });

  it('keeps versioned URLs immutable for a year', async () => {
    const response = await stack.get('/fresh/tr:w-8/tracked.png?updatedAt=1');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });
});
