import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { ENV } from '../../shared/config/env-names';
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack & { dispose(): Promise<void> };
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  // A one-second registry cache, so the outage below outlives every cached lookup.
  stack = await startTestStack({ env: { [ENV.registryCacheSeconds]: '1' } });
  const photo = await sharp({ create: { width: 80, height: 60, channels: 3, background: '#44aa66' } })
    .png()
    .toBuffer();
  await putObject(stack, DEMO_BUCKET, 'photo.png', photo, 'image/png');
  await stack.putEndpoint({ id: 'known', origins: [{ type: 's3', bucket: DEMO_BUCKET }] });
});

afterAll(() => stack.dispose());

describe('while DynamoDB is down', () => {
  it('keeps serving an endpoint already resolved, and answers unknown ones 503 for seconds only', async () => {
    expect((await stack.get('/known/tr:w-40/photo.png')).status).toBe(200);
    await stack.dynamo.close();
    await pause(1100);

    const known = await stack.get('/known/tr:w-30/photo.png');
    expect(known.status).toBe(200);
    expect((await sharp(known.body).metadata()).width).toBe(30);

    const unknown = await stack.get('/never-seen/tr:w-30/photo.png');
    expect({
      status: unknown.status,
      code: unknown.headers.get('x-imgfront-error'),
      cacheControl: unknown.headers.get('cache-control'),
    }).toEqual({ status: 503, code: 'UNIDENTIFIED', cacheControl: 'public, max-age=10' });
    expect(unknown.body.toString()).toBe('The image could not be served\n');
  });
});
