import sharp from 'sharp';
import { startRemoteImageServer } from '../support/remote-image-server';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { colourAt, quadrantImage, solidImage, BLUE } from '../support/images';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack & { dispose(): Promise<void> };
let web: Awaited<ReturnType<typeof startRemoteImageServer>>;
let webHost: string;

beforeAll(async () => {
  const remote = await solidImage(300, 150, BLUE);
  web = await startRemoteImageServer('/remote/photo.png', remote);
  webHost = web.host;
  stack = await startTestStack();
  await putObject(
    stack,
    DEMO_BUCKET,
    'site/uploads/wide.jpg',
    await quadrantImage({ width: 800, height: 400, format: 'jpeg' }),
  );
  await stack.putEndpoint({
    id: 'site',
    isDefault: true,
    origins: [
      { type: 's3', bucket: DEMO_BUCKET, prefix: 'site' },
      { type: 'webProxy', allowedHosts: [webHost] },
    ],
    settings: { next: { qualities: [75, 90] } },
  });
});

afterAll(async () => {
  await stack.dispose();
  await web.close();
});

async function image(path: string, accept = 'image/webp,*/*') {
  const response = await stack.get(path, { accept });
  expect([response.status, response.body.byteLength > 0 && response.headers.get('x-imgfront-error')]).toEqual(
    [200, null],
  );
  const { width, height, format } = await sharp(response.body).metadata();
  return { width, height, format, body: response.body };
}

async function refusal(path: string) {
  const response = await stack.get(path);
  return [response.status, response.headers.get('x-imgfront-error'), response.body.toString().trim()];
}

describe("Cloudflare's /cdn-cgi/image/ route", () => {
  it("serves Cloudflare's documented example shape from the default endpoint, keeping the source format", async () => {
    expect(await image('/cdn-cgi/image/width=80,quality=75/uploads/wide.jpg')).toMatchObject({
      width: 80,
      height: 40,
      format: 'jpeg',
    });
  });

  it('maps fit, gravity, format and rotate (rotation first: sizes refer to the rotated image)', async () => {
    const cover = await image(
      '/cdn-cgi/image/w=100,h=100,fit=cover,gravity=right,format=webp/uploads/wide.jpg',
    );
    expect([cover.width, cover.height, cover.format, await colourAt(cover.body, 10, 25)]).toEqual([
      100,
      100,
      'webp',
      'green',
    ]);
    expect(await image('/cdn-cgi/image/width=100,rotate=90/uploads/wide.jpg')).toMatchObject({
      width: 100,
      height: 200,
    });
    expect(await image('/cdn-cgi/image/width=2000,fit=scale-down/uploads/wide.jpg')).toMatchObject({
      width: 800,
    });
  });

  it('fetches an absolute source through the web-proxy allow-list', async () => {
    expect(await image(`/cdn-cgi/image/width=30/http://${webHost}/remote/photo.png`)).toMatchObject({
      width: 30,
      height: 15,
    });
    expect(await refusal('/cdn-cgi/image/width=30/http://elsewhere.example/remote/photo.png')).toEqual([
      400,
      'EINVALID',
      'The source host is not allowed for this deployment',
    ]);
  });

  it.each([
    [
      '/cdn-cgi/image/width=80,segment=foreground/uploads/wide.jpg',
      'The Cloudflare parameter "segment" is not supported by imgfront',
    ],
    [
      '/cdn-cgi/image/gravity=face/uploads/wide.jpg',
      'The Cloudflare parameter "gravity=face" is not supported by imgfront',
    ],
    ['/cdn-cgi/image/widht=80/uploads/wide.jpg', 'Unknown Cloudflare parameter "widht"'],
    [
      '/cdn-cgi/image/width=abc/uploads/wide.jpg',
      'Expected a number between 0.0001 and 100000 for parameter "width" but received "abc"',
    ],
  ])('%s answers 400 naming the option', async (path, message) => {
    expect(await refusal(path)).toEqual([400, 'EINVALID', message]);
  });
});

describe("Next.js's /_next/image route", () => {
  it('serves what next/image requests: width without enlarging, quality, WebP by Accept', async () => {
    const url = encodeURIComponent('/uploads/wide.jpg');
    expect(await image(`/_next/image?url=${url}&w=640&q=75`)).toMatchObject({
      width: 640,
      height: 320,
      format: 'webp',
    });
    expect(await image(`/_next/image?url=${url}&w=1080&q=90`, '*/*')).toMatchObject({
      width: 800,
      format: 'jpeg',
    });
  });

  it('serves remote images the web-proxy allow-list (remotePatterns) admits', async () => {
    const url = encodeURIComponent(`http://${webHost}/remote/photo.png`);
    expect(await image(`/_next/image?url=${url}&w=128&q=75`)).toMatchObject({ width: 128 });
  });

  it.each([
    ['w=640&q=75', '"url" parameter is required'],
    ['url=/uploads/wide.jpg&q=75', '"w" parameter (width) is required'],
    ['url=/uploads/wide.jpg&w=640', '"q" parameter (quality) is required'],
    ['url=/uploads/wide.jpg&url=/b.jpg&w=640&q=75', '"url" parameter cannot be an array'],
    ['url=//evil.example/a.jpg&w=640&q=75', '"url" parameter cannot be a protocol-relative URL (//)'],
    ['url=ftp://evil.example/a.jpg&w=640&q=75', '"url" parameter is invalid'],
    ['url=https://evil.example/a.jpg&w=640&q=75', '"url" parameter is not allowed'],
    ['url=/_next/image&w=640&q=75', '"url" parameter cannot be recursive'],
    ['url=/uploads/wide.jpg&w=abc&q=75', '"w" parameter (width) must be an integer greater than 0'],
    ['url=/uploads/wide.jpg&w=0&q=75', '"w" parameter (width) must be an integer greater than 0'],
    ['url=/uploads/wide.jpg&w=641&q=75', '"w" parameter (width) of 641 is not allowed'],
    ['url=/uploads/wide.jpg&w=16&q=75', '"w" parameter (width) of 16 is not allowed'],
    ['url=/uploads/wide.jpg&w=640&q=101', '"q" parameter (quality) must be an integer between 1 and 100'],
    ['url=/uploads/wide.jpg&w=640&q=80', '"q" parameter (quality) of 80 is not allowed'],
  ])("?%s answers 400 with Next's text %s", async (query, message) => {
    expect(await refusal(`/_next/image?${query}`)).toEqual([400, 'EINVALID', message]);
  });
});
