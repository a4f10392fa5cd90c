import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { noisyImage, solidImage, RED } from '../support/images';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack & { dispose(): Promise<void> };

const widthOf = async (body: Buffer) => (await sharp(body).metadata()).width;
const viaCdn = async (path: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${stack.cdnUrl}${path}`, { headers });
  return { response, body: Buffer.from(await response.arrayBuffer()) };
};

beforeAll(async () => {
  stack = await startTestStack({ deviceLimitEndpoints: ['devices'] });
  await putObject(stack, DEMO_BUCKET, 'hints/wide.png', await solidImage(2400, 1200, RED), 'image/png');
  await putObject(
    stack,
    DEMO_BUCKET,
    'hints/photo.jpg',
    await sharp(await noisyImage(400, 300))
      .jpeg()
      .toBuffer(),
    'image/jpeg',
  );
  const origins = [{ type: 's3' as const, bucket: DEMO_BUCKET, prefix: 'hints' }];
  await stack.putEndpoint({ id: 'hints', origins });
  await stack.putEndpoint({ id: 'saver', origins, settings: { saveData: { quality: 30 } } });
  await stack.putEndpoint({
    id: 'devices',
    origins,
    settings: {
      deviceLimits: {
        mobile: { maxWidth: 1000, maxHeight: 1000 },
        desktop: { maxWidth: 2000, maxHeight: 2000 },
      },
    },
  });
});

afterAll(() => stack.dispose());

describe('client hints behind the local function URL', () => {
  it('w-auto,dpr-auto answers ImageKit example: Sec-CH-Width 212 at DPR 2 is 300 px with Content-DPR 2.83', async () => {
    const response = await stack.get('/hints/tr:w-auto,dpr-auto,f-png/wide.png', {
      'sec-ch-dpr': '2',
      'sec-ch-width': '212',
    });
    expect(response.status).toBe(200);
    expect(await widthOf(response.body)).toBe(300);
    expect(response.headers.get('content-dpr')).toBe('2.83');
    expect(response.headers.get('vary')).toContain('Sec-CH-Width');
    expect(response.headers.get('vary')).toContain('Sec-CH-DPR');
  });

  it('w-100,dpr-auto multiplies by the DPR; without hints auto is the plain transformation', async () => {
    const hinted = await stack.get('/hints/tr:w-100,dpr-auto,f-png/wide.png', { dpr: '3' });
    expect(await widthOf(hinted.body)).toBe(300);
    const plain = await stack.get('/hints/tr:w-auto,dpr-auto,f-png/wide.png');
    expect(plain.status).toBe(200);
    expect(await widthOf(plain.body)).toBe(2400);
    expect(plain.headers.get('content-dpr')).toBeNull();
  });

  it('answers bad hint values like no hints, never an error', async () => {
    for (const value of ['NaN', '-1', '1e400', '99999999999']) {
      const response = await stack.get('/hints/tr:w-auto,dpr-auto,f-png/wide.png', {
        'sec-ch-dpr': value,
        'sec-ch-width': value,
      });
      expect(response.status).toBe(200);
    }
  });

  it('Save-Data: on compresses more only where the endpoint opts in', async () => {
    const saved = await stack.get('/saver/tr:f-jpeg/photo.jpg', { 'save-data': 'on' });
    const normal = await stack.get('/saver/tr:f-jpeg/photo.jpg');
    expect(saved.body.byteLength).toBeLessThan(normal.body.byteLength);
    expect(normal.headers.get('vary')).toContain('Save-Data');
    const elsewhere = await stack.get('/hints/tr:f-jpeg/photo.jpg', { 'save-data': 'on' });
    const elsewhereNormal = await stack.get('/hints/tr:f-jpeg/photo.jpg');
    expect(elsewhere.body.equals(elsewhereNormal.body)).toBe(true);
  });
});

describe('client hints, data saver and device limits through the CDN stand-in', () => {
  it('never shares a cached image between two DPRs, and shares one within a DPR bucket', async () => {
    const path = '/hints/tr:w-100,dpr-auto,f-png/wide.png';
    const two = await viaCdn(path, { 'sec-ch-dpr': '2' });
    const three = await viaCdn(path, { 'sec-ch-dpr': '3' });
    expect(await widthOf(two.body)).toBe(200);
    expect(await widthOf(three.body)).toBe(300);
    const nearTwo = await viaCdn(path, { 'sec-ch-dpr': '1.75' });
    expect(nearTwo.response.headers.get('x-cache')).toMatch(/^Hit/);
    expect(await widthOf(nearTwo.body)).toBe(200);
  });

  it('keeps widths apart by the next 100, and URLs without auto ignore the hints', async () => {
    const path = '/hints/tr:w-auto,f-png/wide.png';
    expect(await widthOf((await viaCdn(path, { 'sec-ch-width': '250' })).body)).toBe(300);
    expect(await widthOf((await viaCdn(path, { 'sec-ch-width': '420' })).body)).toBe(500);
    const fixed = '/hints/tr:w-50,f-png/wide.png';
    await viaCdn(fixed, { 'sec-ch-dpr': '2' });
    expect((await viaCdn(fixed, { 'sec-ch-dpr': '3' })).response.headers.get('x-cache')).toMatch(/^Hit/);
  });

  it('keeps Save-Data variants apart', async () => {
    const saved = await viaCdn('/saver/tr:f-jpeg/photo.jpg', { 'save-data': 'on' });
    const normal = await viaCdn('/saver/tr:f-jpeg/photo.jpg');
    expect(saved.body.byteLength).toBeLessThan(normal.body.byteLength);
  });

  it('caps the output per device class on an endpoint with limits, one cache entry per class', async () => {
    const path = '/devices/tr:f-png/wide.png';
    const mobile = await viaCdn(path, { 'cloudfront-is-mobile-viewer': 'true' });
    const desktop = await viaCdn(path, { 'cloudfront-is-desktop-viewer': 'true' });
    const unknown = await viaCdn(path);
    expect(await widthOf(mobile.body)).toBe(1000);
    expect(await widthOf(desktop.body)).toBe(2000);
    expect(await widthOf(unknown.body)).toBe(2400);
    // A viewer cannot claim a class: the edge overwrites the header.
    const forged = await viaCdn(path, { 'x-imgfront-device': 'mobile' });
    expect(await widthOf(forged.body)).toBe(2400);
  });
});
