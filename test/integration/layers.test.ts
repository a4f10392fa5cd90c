import { readFileSync } from 'node:fs';
import sharp, { type Region } from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { startTestStack, type TestStack } from '../support/stack';

/*
 * Layers through the real handler: layer images and font files come from the endpoint's own origin
 * (s3rver), beside the base image, under the same path rules and limits.
 */
let stack: TestStack & { dispose(): Promise<void> };

const solid = (width: number, height: number, background: string) =>
  sharp({ create: { width, height, channels: 3, background } })
    .png()
    .toBuffer();

async function pixel(body: Buffer, x: number, y: number): Promise<number[]> {
  const { data } = await sharp(body).extract({ left: x, top: y, width: 1, height: 1 }).raw().toBuffer({
    resolveWithObject: true,
  });
  return Array.from(data.subarray(0, 3));
}

async function bluePixels(body: Buffer, region: Region): Promise<number> {
  const { data } = await sharp(body)
    .extract(region)
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  let count = 0;
  for (let at = 0; at < data.length; at += 3)
    if ((data[at + 2] ?? 0) > 200 && (data[at] ?? 0) < 80) count += 1;
  return count;
}

beforeAll(async () => {
  stack = await startTestStack();
  await putObject(stack, DEMO_BUCKET, 'shop/base.png', await solid(400, 300, '#ffffff'), 'image/png');
  await putObject(stack, DEMO_BUCKET, 'shop/brand/logo.png', await solid(40, 20, '#ff0000'), 'image/png');
  await putObject(stack, DEMO_BUCKET, 'elsewhere/secret.png', await solid(40, 20, '#00ff00'), 'image/png');
  const font = readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerifCondensed.ttf'));
  await putObject(stack, DEMO_BUCKET, 'shop/fonts/condensed.ttf', font, 'font/ttf');
  await stack.putEndpoint({
    id: 'shop',
    origins: [{ type: 's3', bucket: DEMO_BUCKET, prefix: 'shop' }],
    settings: { maxLayers: 2 },
  });
});

afterAll(() => stack.dispose());

describe('layers through the handler', () => {
  it('composites an image layer from the same endpoint (@@ for folders) and a text layer', async () => {
    const response = await stack.get(
      '/shop/base.png?tr=l-image,i-brand@@logo.png,lx-10,ly-10,l-end,' +
        'l-text,i-Sale%2050%25,ff-fonts@@condensed.ttf,co-0000FF,fs-40,lfo-bottom_right,l-end,f-png',
    );
    expect(response.status).toBe(200);
    const metadata = await sharp(response.body).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['png', 400, 300]);
    expect(await pixel(response.body, 20, 20)).toEqual([255, 0, 0]);
    expect(await pixel(response.body, 5, 5)).toEqual([255, 255, 255]);
    // The blue text sits in the bottom-right corner, and only there.
    expect(await bluePixels(response.body, { left: 200, top: 240, width: 200, height: 60 })).toBeGreaterThan(
      50,
    );
    expect(await bluePixels(response.body, { left: 0, top: 0, width: 200, height: 200 })).toBe(0);
    expect(response.headers.get('server-timing')).toMatch(/transformation;dur=/);
  });

  it('answers 400 EINVALID naming a layer image the endpoint does not have', async () => {
    const response = await stack.get('/shop/base.png?tr=l-image,i-brand@@nothing.png,l-end');
    expect(response.status).toBe(400);
    expect(response.headers.get('x-imgfront-error')).toBe('EINVALID');
    expect(response.body.toString()).toContain('"brand/nothing.png"');
  });

  it('never leaves the endpoint: ".." in a layer path is refused', async () => {
    const response = await stack.get('/shop/base.png?tr=l-image,i-..@@elsewhere@@secret.png,l-end');
    expect(response.status).toBe(400);
    expect(response.headers.get('x-imgfront-error')).toBe('EINVALID');
  });

  it("holds a URL to the endpoint's settings.maxLayers", async () => {
    const three = Array.from({ length: 3 }, () => 'l-text,i-x,l-end').join(',');
    const response = await stack.get(`/shop/base.png?tr=${three}`);
    expect(response.status).toBe(400);
    expect(response.body.toString()).toContain('settings.maxLayers');
  });

  it('fetches the layer inputs an if block names and composites the branch that runs', async () => {
    const response = await stack.get(
      '/shop/base.png?tr=if-w_gt_100,l-image,i-brand@@logo.png,lx-0,ly-0,l-end,if-else,w-50,if-end:f-png',
    );
    expect(response.status).toBe(200);
    expect(await pixel(response.body, 5, 5)).toEqual([255, 0, 0]);
  });

  it('answers 400 for an unclosed layer, naming it', async () => {
    const response = await stack.get('/shop/base.png?tr=w-100,l-image,i-brand@@logo.png');
    expect(response.status).toBe(400);
    expect(response.body.toString()).toContain('"l-image" is not closed');
  });
});
