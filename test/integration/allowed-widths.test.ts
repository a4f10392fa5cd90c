import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { solidImage, RED } from '../support/images';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack & { dispose(): Promise<void> };

const sizeOf = async (body: Buffer) => {
  const { width, height } = await sharp(body).metadata();
  return [width, height];
};

beforeAll(async () => {
  stack = await startTestStack();
  await putObject(stack, DEMO_BUCKET, 'widths/wide.png', await solidImage(2000, 1000, RED), 'image/png');
  const origins = [{ type: 's3' as const, bucket: DEMO_BUCKET, prefix: 'widths' }];
  const allowedWidths = [320, 640, 1280];
  await stack.putEndpoint({ id: 'rounded', origins, settings: { allowedWidths } });
  await stack.putEndpoint({ id: 'strict', origins, settings: { allowedWidths, widthPolicy: 'reject' } });
});

afterAll(() => stack.dispose());

describe('allowed widths behind the local function URL', () => {
  it.each([
    ['w-150,dpr-2 is 300 px, rounded up to 320', '/rounded/tr:w-150,dpr-2/wide.png', [320, 160]],
    ['a height-only resize rounds the width it gives', '/rounded/tr:h-200/wide.png', [640, 320]],
    ['beyond the largest allowed width answers the largest', '/rounded/tr:w-1900/wide.png', [1280, 640]],
  ])('%s', async (_name, path, size) => {
    const response = await stack.get(path);
    expect(response.status).toBe(200);
    expect(await sizeOf(response.body)).toEqual(size);
  });

  it('rounds w-auto after the client hint: Sec-CH-Width 500 is 500 px, served 640', async () => {
    const response = await stack.get('/rounded/tr:w-auto/wide.png', { 'sec-ch-width': '500' });
    expect(await sizeOf(response.body)).toEqual([640, 320]);
    // The slot is 500 CSS px at DPR 1: 640 px laid out in it is 1.28 device pixels per CSS pixel.
    expect(response.headers.get('content-dpr')).toBe('1.28');
  });

  it('serves w-auto an allowed width under widthPolicy reject too, since the viewer chose the width', async () => {
    const response = await stack.get('/strict/tr:w-auto,dpr-auto/wide.png', {
      'sec-ch-width': '700',
      'sec-ch-dpr': '2',
    });
    expect(response.status).toBe(200);
    expect(await sizeOf(response.body)).toEqual([1280, 640]);
    expect(response.headers.get('content-dpr')).toBe('3.66');
  });

  it('widthPolicy reject answers 400 ELIMIT naming the allowed widths, and serves allowed ones', async () => {
    const refused = await stack.get('/strict/tr:w-150,dpr-2/wide.png');
    expect(refused.status).toBe(400);
    expect(refused.headers.get('x-imgfront-error')).toBe('ELIMIT');
    expect(refused.headers.get('server-timing')).not.toBeNull();
    expect(refused.body.toString()).toContain('allowed widths: 320, 640, 1280');
    const served = await stack.get('/strict/tr:w-320,dpr-2/wide.png');
    expect(served.status).toBe(200);
    expect(await sizeOf(served.body)).toEqual([640, 320]);
  });

  it('leaves requests without a size alone', async () => {
    const response = await stack.get('/strict/tr:f-png/wide.png');
    expect(await sizeOf(response.body)).toEqual([2000, 1000]);
  });
});
