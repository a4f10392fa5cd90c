import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { startTestStack, type TestStack } from '../support/stack';

/** Conditional and arithmetic transformations through the real handler, s3rver and dynalite. */
let stack: TestStack & { dispose(): Promise<void> };

const jpeg = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#3366cc' } })
    .jpeg()
    .toBuffer();

const sizeOf = async (body: Buffer) => {
  const { format, width, height } = await sharp(body).metadata();
  return [format, width, height];
};

beforeAll(async () => {
  stack = await startTestStack();
  await putObject(stack, DEMO_BUCKET, 'shapes/landscape.jpg', await jpeg(800, 600), 'image/jpeg');
  await putObject(stack, DEMO_BUCKET, 'shapes/portrait.jpg', await jpeg(600, 800), 'image/jpeg');
  await stack.putEndpoint({ id: 'shapes', origins: [{ type: 's3', bucket: DEMO_BUCKET, prefix: 'shapes' }] });
});

afterAll(() => stack.dispose());

describe('conditions and expressions behind the local function URL', () => {
  it('gives landscape and portrait originals their own branch, path and query form alike', async () => {
    const chain = 'if-ar_gt_1,w-200,if-else,w-300,if-end:f-png';
    const landscape = await stack.get(`/shapes/tr:${chain}/landscape.jpg`);
    const portrait = await stack.get(`/shapes/portrait.jpg?tr=${chain}`);
    expect([landscape.status, portrait.status]).toEqual([200, 200]);
    expect(await sizeOf(landscape.body)).toEqual(['png', 200, 150]);
    expect(await sizeOf(portrait.body)).toEqual(['png', 300, 400]);
  });

  it('halves the original with w-iw_div_2 and answers the same ETag for a differently spelled expression', async () => {
    const response = await stack.get('/shapes/tr:w-iw_div_2,h-ih_mul_0.5/landscape.jpg');
    expect(response.status).toBe(200);
    expect(await sizeOf(response.body)).toEqual(['jpeg', 400, 300]);
    const respelled = await stack.get('/shapes/tr:h-ih_mul_0.50,w-iw_div_2.0/landscape.jpg');
    expect(respelled.headers.get('etag')).toBe(response.headers.get('etag'));
  });

  it.each([
    ['w-iw_div_0', 'divides by zero'],
    ['if-ar_gt_1,w-200', 'not closed with "if-end"'],
    ['h-100,if-h_eq_200,w-100,if-end', 'holds nothing else'],
    ['if-ar_gt_1,f-webp,if-end', 'Parameter "f" cannot be inside an if block'],
  ])('answers %s with 400 EINVALID naming the problem', async (chain, message) => {
    const response = await stack.get(`/shapes/tr:${chain}/landscape.jpg`);
    expect(response.status).toBe(400);
    expect(response.headers.get('x-imgfront-error')).toBe('EINVALID');
    expect(response.body.toString('utf8')).toContain(message);
  });
});
