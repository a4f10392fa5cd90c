import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { photo } from '../../local/demo-images';
import { startTestStack, type TestStack } from '../support/stack';

/* q-auto and the endpoint encoder settings through the real handler (s3rver, dynalite, node:http). */
let stack: TestStack & { dispose(): Promise<void> };

beforeAll(async () => {
  stack = await startTestStack();
  await putObject(stack, DEMO_BUCKET, 'quality/landscape.jpg', await photo(800, 600), 'image/jpeg');
  await stack.putEndpoint({ id: 'plain', origins: [{ type: 's3', bucket: DEMO_BUCKET }] });
  await stack.putEndpoint({
    id: 'tuned',
    origins: [{ type: 's3', bucket: DEMO_BUCKET }],
    settings: { quality: 'auto', chromaSubsampling: '4:4:4', progressive: true },
  });
});

afterAll(() => stack.dispose());

describe('perceptual quality behind the local function URL', () => {
  it('q-auto answers with the chosen quality in Server-Timing and fewer bytes than q-100', async () => {
    const auto = await stack.get('/plain/tr:w-400,f-jpeg,q-auto/quality/landscape.jpg');
    const best = await stack.get('/plain/tr:w-400,f-jpeg,q-100/quality/landscape.jpg');
    expect(auto.status).toBe(200);
    expect((await sharp(auto.body).metadata()).format).toBe('jpeg');
    expect(auto.headers.get('server-timing')).toMatch(/quality;desc="q-\d{1,3}"/);
    expect(best.headers.get('server-timing')).not.toMatch(/quality;desc/);
    expect(auto.body.byteLength).toBeLessThan(best.body.byteLength);
  });

  it('the same URL gives the same ETag and the same bytes', async () => {
    const first = await stack.get('/plain/tr:w-300,f-webp,q-auto/quality/landscape.jpg');
    const second = await stack.get('/plain/tr:w-300,f-webp,q-auto/quality/landscape.jpg');
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(second.body.equals(first.body)).toBe(true);
    const fixed = await stack.get('/plain/tr:w-300,f-webp,q-80/quality/landscape.jpg');
    expect(fixed.headers.get('etag')).not.toBe(first.headers.get('etag'));
  });

  it('an endpoint with quality auto, 4:4:4 and progressive serves such JPEGs', async () => {
    const response = await stack.get('/tuned/tr:w-300,f-jpeg/quality/landscape.jpg');
    expect(response.status).toBe(200);
    const metadata = await sharp(response.body).metadata();
    expect([metadata.chromaSubsampling, metadata.isProgressive]).toEqual(['4:4:4', true]);
    expect(response.headers.get('server-timing')).toMatch(/quality;desc="q-\d{1,3}"/);
  });
});
