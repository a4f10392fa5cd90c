import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { startTestStack, type TestStack } from '../support/stack';

/** `ik-attachment=true` downloads through the CloudFront stand-in: headers, cache entries, purges. */
let stack: TestStack & { dispose(): Promise<void> };

const solid = (colour: string) =>
  sharp({ create: { width: 40, height: 30, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();

async function viaCdn(path: string) {
  const response = await fetch(`${stack.cdnUrl}${path}`);
  const body = Buffer.from(await response.arrayBuffer());
  const image = response.status === 200 ? await sharp(body).metadata() : undefined;
  return {
    status: response.status,
    cache: response.headers.get('x-cache'),
    disposition: response.headers.get('content-disposition'),
    error: response.headers.get('x-imgfront-error'),
    format: image?.format,
    width: image?.width,
  };
}

beforeAll(async () => {
  stack = await startTestStack();
  await stack.putEndpoint({ id: 'dl', origins: [{ type: 's3', bucket: DEMO_BUCKET, prefix: 'dl/' }] });
  await putObject(stack, DEMO_BUCKET, 'dl/shop/IMG_0042.jpg', await solid('#ff0000'));
  await stack.settled();
});
afterAll(() => stack.dispose());

const INLINE = '/dl/shop/IMG_0042.jpg?tr=w-20';
const CASES: [string, string | null, string][] = [
  [INLINE, null, 'jpeg'],
  ['/dl/shop/IMG_0042.jpg?tr=w-20&ik-attachment=true', 'attachment; filename="IMG_0042.jpg"', 'jpeg'],
  ['/dl/tr:w-20,f-webp/shop/IMG_0042.jpg?ik-attachment=true', 'attachment; filename="IMG_0042.webp"', 'webp'],
  [
    '/dl/ik-seo/tr:w-20/shop/IMG_0042/red-sneaker.jpg?ik-attachment=true',
    'attachment; filename="red-sneaker.jpg"',
    'jpeg',
  ],
  [
    '/dl/ik-seo/shop/IMG_0042/basket%20rouge%20%C3%A9t%C3%A9.jpg?tr=w-20,f-png&ik-attachment=true',
    `attachment; filename="basket rouge _t_.png"; filename*=UTF-8''basket%20rouge%20%C3%A9t%C3%A9.png`,
    'png',
  ],
];

describe('downloads (ik-attachment=true)', () => {
  it.each(CASES)('%s answers Content-Disposition %s', async (url, disposition, format) => {
    expect(await viaCdn(url)).toMatchObject({ status: 200, disposition, format, width: 20 });
  });

  it('are cached apart from the inline image of the same URL', async () => {
    for (const [url, disposition] of CASES)
      expect([url, await viaCdn(url)]).toEqual([
        url,
        expect.objectContaining({ cache: 'Hit from imgfront-local', disposition }),
      ]);
  });

  it('answer 400 EINVALID for a value other than true or false', async () => {
    expect(await viaCdn('/dl/shop/IMG_0042.jpg?ik-attachment=yes')).toMatchObject({
      status: 400,
      error: 'EINVALID',
    });
  });

  it('are purged with their original, inline and attachment alike', async () => {
    await putObject(stack, DEMO_BUCKET, 'dl/shop/IMG_0042.jpg', await solid('#0000ff'));
    await stack.settled();
    for (const [url, disposition] of CASES)
      expect([url, await viaCdn(url)]).toEqual([
        url,
        expect.objectContaining({ cache: 'Miss from imgfront-local', disposition }),
      ]);
  });
});
