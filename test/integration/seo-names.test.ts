import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { startTestStack, type TestStack } from '../support/stack';

/** ImageKit's SEO URLs (`ik-seo`) through the CloudFront stand-in: served, keyed and purged. */
let stack: TestStack & { dispose(): Promise<void> };

const solid = (colour: string) =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();

async function viaCdn(path: string) {
  const response = await fetch(`${stack.cdnUrl}${path}`);
  const body = Buffer.from(await response.arrayBuffer());
  const error = response.headers.get('x-imgfront-error');
  if (response.status !== 200) return { status: response.status, error, red: -1, blue: -1 };
  const { data, info } = await sharp(body).raw().toBuffer({ resolveWithObject: true });
  return {
    status: 200,
    error,
    cache: response.headers.get('x-cache'),
    width: info.width,
    red: data[0] ?? -1,
    blue: data[2] ?? -1,
  };
}

beforeAll(async () => {
  stack = await startTestStack();
  await stack.putEndpoint({ id: 'seo', origins: [{ type: 's3', bucket: DEMO_BUCKET, prefix: 'seo/' }] });
  await putObject(stack, DEMO_BUCKET, 'seo/places/DSC1234.jpg', await solid('#ff0000'));
  await stack.settled();
});
afterAll(() => stack.dispose());

const URLS: [string, number][] = [
  ['/seo/ik-seo/places/DSC1234/eiffel-tower.jpg', 64],
  ['/seo/ik-seo/places/DSC1234/tour-eiffel.jpg?tr=w-32', 32],
  ['/seo/tr:w-24/ik-seo/places/DSC1234/eiffel-tower.jpg', 24],
  ['/seo/ik-seo/tr:w-16/places/DSC1234/eiffel-tower.jpg', 16],
  ['/seo/ik-seo/tr:w-16/places/DSC1234/caf%C3%A9%20noir.jpg', 16],
];

describe('SEO URLs', () => {
  it.each(URLS)('%s serves places/DSC1234.jpg at width %d', async (url, width) => {
    const answer = await viaCdn(url);
    expect(answer).toMatchObject({ status: 200, width });
    expect(answer.red).toBeGreaterThan(235);
  });

  it('answer 404 ENOENT when the stored file does not exist', async () => {
    expect(await viaCdn('/seo/ik-seo/places/DSC9999/eiffel-tower.jpg')).toMatchObject({
      status: 404,
      error: 'ENOENT',
    });
  });

  it('answer 400 when the file name is missing', async () => {
    expect(await viaCdn('/seo/ik-seo/eiffel-tower.jpg')).toMatchObject({ status: 400 });
  });

  it('are purged with their original, so the next request is a miss with the new bytes', async () => {
    for (const [url] of URLS) expect(await viaCdn(url)).toMatchObject({ cache: 'Hit from imgfront-local' });

    await putObject(stack, DEMO_BUCKET, 'seo/places/DSC1234.jpg', await solid('#0000ff'));
    await stack.settled();

    for (const [url, width] of URLS) {
      const fresh = await viaCdn(url);
      expect([url, fresh]).toEqual([
        url,
        expect.objectContaining({ cache: 'Miss from imgfront-local', width }),
      ]);
      expect(fresh.blue).toBeGreaterThan(235);
    }
    expect(stack.cloudFront.invalidations.at(-1)?.paths.sort()).toEqual([
      '/seo/ik-seo/places/DSC1234/*',
      '/seo/places/DSC1234.jpg*',
    ]);
  });
});
