import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { LOCAL_EXPLAIN_KEY_REF } from '../../local/local-names';
import { EXPLAIN_PARAM, signExplainToken } from '../../shared/explain/explain-token';
import type { Explanation } from '../../shared/service/explanation';
import { ERROR_HEADER } from '../../shared/http/responses';
import { startCliHarness, type CliHarness } from './support/cli-harness';

const EXPLAIN_KEY = 'explain-key-for-tests';
let harness: CliHarness;
const nowSeconds = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  harness = await startCliHarness({ secrets: { [LOCAL_EXPLAIN_KEY_REF]: EXPLAIN_KEY } });
  await harness.stack.putEndpoint({
    id: 'pics',
    origins: [
      // The first origin lacks the file: the explanation shows the fallback to the second.
      { type: 's3', bucket: DEMO_BUCKET, prefix: 'empty' },
      { type: 's3', bucket: DEMO_BUCKET, prefix: 'pics' },
    ],
  });
  const photo = await sharp({ create: { width: 80, height: 60, channels: 3, background: '#3366cc' } })
    .jpeg()
    .toBuffer();
  await putObject(harness.stack, DEMO_BUCKET, 'pics/a.jpg', photo, 'image/jpeg');
  await harness.stack.settled();
}, 30_000);
afterAll(() => harness.close());

const cdn = (path: string) => `${harness.stack.cdnUrl}${path}`;
const withToken = (path: string, token: string) =>
  cdn(`${path}${path.includes('?') ? '&' : '?'}${EXPLAIN_PARAM}=${token}`);
const webp = { accept: 'image/webp,*/*' };

describe('imgfront explain', () => {
  it('prints, as JSON, the endpoint, each origin tried, the chain, format, quality, cache and timings', async () => {
    const result = await harness.cli([
      'explain',
      'pics/tr:w-40/a.jpg',
      '--accept',
      'image/webp,*/*',
      '-o',
      'json',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const explanation = result.json<Explanation>();
    expect(explanation.endpoint).toBe('pics');
    expect(explanation.origins).toEqual([
      expect.objectContaining({ status: 404, errorCode: 'ENOENT', bytes: 0 }),
      expect.objectContaining({ status: 200, bytes: expect.any(Number) }),
    ]);
    expect(explanation.origins[1]?.bytes).toBeGreaterThan(0);
    expect(explanation.fromFallbackOrigin).toBe(true);
    expect(explanation.transformation).toBe('w-40');
    expect(explanation.format).toEqual({
      value: 'webp',
      reason: 'automatic: Accept allows WebP',
      accept: 'image/webp,*/*',
    });
    expect(explanation.quality?.value).toEqual(expect.any(Number));
    expect(explanation.response).toMatchObject({
      status: 200,
      width: 40,
      height: 30,
      contentType: 'image/webp',
    });
    expect(explanation.cacheControl.value).toMatch(/^public, max-age=\d+/);
    expect(explanation.cacheControl.reason).toBe('the endpoint TTL');
    expect(explanation.cacheKey).toContain('/pics/a.jpg?tr=w-40');
    expect(explanation.version).toEqual({ url: undefined, recorded: expect.any(Boolean) });
    expect(Object.keys(explanation.timings)).toEqual(expect.arrayContaining(['download', 'total']));
  });

  it('prints a labelled text explanation by default', async () => {
    const result = await harness.cli(['explain', '/pics/a.jpg?tr=w-20']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Endpoint:       pics');
    expect(result.stdout).toMatch(/s3:\/\/imgfront-demo\/empty: 404 ENOENT, [\d.]+ ms, 0 bytes/);
    expect(result.stdout).toContain('Chain:          w-20');
    expect(result.stdout).toMatch(/Format: +avif \(automatic: Accept allows AVIF/);
  });

  it('explains a failure too, with its status and code', async () => {
    const result = await harness.cli(['explain', 'pics/missing.jpg', '-o', 'json']);
    expect(result.code).toBe(0);
    expect(result.json<Explanation>().response).toMatchObject({ status: 404, errorCode: 'ENOENT' });
  });

  it('refuses a token lifetime above an hour as a usage error', async () => {
    const result = await harness.cli(['explain', 'pics/a.jpg', '--expires', '2h']);
    expect(result.code).toBe(2);
  });
});

describe('imgfront-explain over HTTP, through the CDN stand-in', () => {
  it('answers a valid token with JSON that is never cached, and never mixes it with the image', async () => {
    const image = await fetch(cdn('/pics/tr:w-30/a.jpg'), { headers: webp });
    expect(image.headers.get('content-type')).toBe('image/webp');
    const token = signExplainToken(EXPLAIN_KEY, nowSeconds() + 60);
    for (let round = 0; round < 2; round += 1) {
      const explained = await fetch(withToken('/pics/tr:w-30/a.jpg', token), { headers: webp });
      expect(explained.status).toBe(200);
      expect(explained.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(explained.headers.get('cache-control')).toBe('private, no-store');
      expect(explained.headers.get('x-cache')).toMatch(/^Miss/);
      expect(explained.headers.get('server-timing')).toContain('total;dur=');
      const explanation = (await explained.json()) as Explanation;
      expect(explanation.response).toMatchObject({ width: 30, contentType: 'image/webp' });
    }
    const again = await fetch(cdn('/pics/tr:w-30/a.jpg'), { headers: webp });
    expect(again.headers.get('x-cache')).toMatch(/^Hit/);
    expect(again.headers.get('content-type')).toBe('image/webp');
    expect((await sharp(Buffer.from(await again.arrayBuffer())).metadata()).width).toBe(30);
  });

  it('answers an explain request that comes first with JSON, then the image to a plain request', async () => {
    const token = signExplainToken(EXPLAIN_KEY, nowSeconds() + 60);
    const explained = await fetch(withToken('/pics/a.jpg?tr=w-25', token), { headers: webp });
    expect(explained.headers.get('content-type')).toMatch(/^application\/json/);
    const image = await fetch(cdn('/pics/a.jpg?tr=w-25'), { headers: webp });
    expect(image.headers.get('content-type')).toBe('image/webp');
  });

  it.each([
    ['a wrong HMAC', () => signExplainToken('another-key', nowSeconds() + 60)],
    ['an expired token', () => signExplainToken(EXPLAIN_KEY, nowSeconds() - 5)],
    ['a token valid for more than an hour', () => signExplainToken(EXPLAIN_KEY, nowSeconds() + 7200)],
    ['a malformed token', () => 'not-a-token'],
    ['an empty token', () => ''],
  ])('refuses %s with a 401 error, never JSON', async (_name, token) => {
    const response = await fetch(withToken('/pics/tr:w-30/a.jpg', token()), { headers: webp });
    expect(response.status).toBe(401);
    expect(response.headers.get(ERROR_HEADER)).toBe('ESIGNATURE');
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(response.headers.get('server-timing')).toContain('total;dur=');
    expect(await response.text()).toMatch(/imgfront-explain/);
  });

  it('refuses a repeated token', async () => {
    const token = signExplainToken(EXPLAIN_KEY, nowSeconds() + 60);
    const response = await fetch(`${withToken('/pics/a.jpg', token)}&${EXPLAIN_PARAM}=${token}`);
    expect(response.status).toBe(401);
    expect(response.headers.get(ERROR_HEADER)).toBe('ESIGNATURE');
  });

  it('serves the image when there is no token', async () => {
    const response = await fetch(cdn('/pics/a.jpg'), { headers: webp });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/webp');
  });
});
