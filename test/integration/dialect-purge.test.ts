import { createHash, createHmac } from 'node:crypto';
import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * Every dialect's cached variants of an original are purged when it is overwritten in S3, through the
 * CloudFront stand-in (viewer-request function, response cache, invalidation API stub).
 */
let stack: TestStack & { dispose(): Promise<void> };
const KEY = 'purge-key';
const sha1Thumbor = (rest: string) =>
  createHmac('sha1', KEY).update(rest).digest('base64').replace(/\+/g, '-').replace(/\//g, '_');
const imgixS = (pathAndQuery: string) => createHash('md5').update(`${KEY}${pathAndQuery}`).digest('hex');
const ikSigned = (afterEndpoint: string) =>
  createHmac('sha1', KEY).update(`${afterEndpoint}9999999999`).digest('hex');

const solid = (colour: string) =>
  sharp({ create: { width: 64, height: 64, channels: 3, background: colour } })
    .png()
    .toBuffer();

async function viaCdn(path: string) {
  const response = await fetch(`${stack.cdnUrl}${path}`);
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200) return { status: response.status, cache: null, red: -1, blue: -1 };
  const { data } = await sharp(body).raw().toBuffer({ resolveWithObject: true });
  return { status: 200, cache: response.headers.get('x-cache'), red: data[0] ?? -1, blue: data[2] ?? -1 };
}

const URLS = [
  `/th/${sha1Thumbor('fit-in/32x32/hero.png')}/fit-in/32x32/hero.png`,
  '/th/unsafe/filters:quality(80)/hero.png',
  '/cl/demo/image/upload/c_scale,w_20/v3/hero.png',
  `/ix/hero.png?w=24&s=${imgixS('/ix/hero.png?w=24')}`,
  '/ix/hero.png?w=12&fit=max',
  `/ik/tr:w-16/hero.png?ik-s=${ikSigned('tr:w-16/hero.png')}`,
  `/ik/ik-seo/tr:w-18/hero/red-hero.png?ik-s=${ikSigned('ik-seo/tr:w-18/hero/red-hero.png')}`,
  '/ik-seo/hero/red-hero.png?tr=w-14',
  '/_next/image?url=%2Fhero.png&w=32&q=75',
  '/cdn-cgi/image/width=28/hero.png',
  '/tr:w-10/hero.png',
];

beforeAll(async () => {
  stack = await startTestStack({ secrets: { 'ssm:/imgfront/purge': KEY } });
  const origins = [{ type: 's3' as const, bucket: DEMO_BUCKET, prefix: 'shared' }];
  const keys = [{ source: 'ssm' as const, name: '/imgfront/purge' }];
  await stack.putEndpoint({ id: 'th', origins, settings: { dialect: 'thumbor', signing: { keys } } });
  await stack.putEndpoint({ id: 'cl', origins, settings: { dialect: 'cloudinary' } });
  await stack.putEndpoint({ id: 'ix', origins, settings: { dialect: 'imgix', signing: { keys } } });
  await stack.putEndpoint({ id: 'ik', origins, settings: { signing: { scheme: 'imagekit', keys } } });
  await stack.putEndpoint({ id: 'site', isDefault: true, origins, settings: { next: { imageSizes: [32] } } });
});
afterAll(() => stack.dispose());

describe('overwriting an original in S3', () => {
  it('purges its cached variants in every dialect and route, so the next request gets the new bytes', async () => {
    await putObject(stack, DEMO_BUCKET, 'shared/hero.png', await solid('#ff0000'));
    await stack.settled();
    for (const url of URLS)
      expect([url, await viaCdn(url)]).toEqual([
        url,
        expect.objectContaining({ cache: 'Miss from imgfront-local', red: 255 }),
      ]);
    for (const url of URLS)
      expect([url, await viaCdn(url)]).toEqual([
        url,
        expect.objectContaining({ cache: 'Hit from imgfront-local', red: 255 }),
      ]);

    await putObject(stack, DEMO_BUCKET, 'shared/hero.png', await solid('#0000ff'));
    await stack.settled();
    for (const url of URLS)
      expect([url, await viaCdn(url)]).toEqual([
        url,
        expect.objectContaining({ cache: 'Miss from imgfront-local', blue: 255 }),
      ]);
  });
});
