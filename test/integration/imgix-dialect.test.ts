import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { colourAt, quadrantImage, solidImage, RED } from '../support/images';
import { startTestStack, type TestStack } from '../support/stack';

/** imgix's published secure-URL vector (imgix-core-js tests): token FOO123bar, path /users/1.png. */
const TOKEN = 'FOO123bar';
const VECTOR = '/users/1.png?s=6797c24146142d5b40bde3141fd3600c';
const WEBP = { accept: 'image/webp,*/*' };

/** imgix's documented algorithm, written out: s = md5(token + path + query). */
const imgixSigned = (pathAndQuery: string) => {
  const s = createHash('md5').update(`${TOKEN}${pathAndQuery}`).digest('hex');
  return `${pathAndQuery}${pathAndQuery.includes('?') ? '&' : '?'}s=${s}`;
};

let stack: TestStack & { dispose(): Promise<void> };

beforeAll(async () => {
  stack = await startTestStack({ secrets: { 'ssm:/imgfront/imgix': TOKEN } });
  await putObject(
    stack,
    DEMO_BUCKET,
    'ix/wide.jpg',
    await quadrantImage({ width: 800, height: 400, format: 'jpeg' }),
  );
  await putObject(stack, DEMO_BUCKET, 'ix/small.png', await solidImage(400, 200, RED));
  await putObject(stack, DEMO_BUCKET, 'users/1.png', await solidImage(60, 40, RED));
  await stack.putEndpoint({
    id: 'ix',
    origins: [{ type: 's3', bucket: DEMO_BUCKET, prefix: 'ix' }],
    settings: { dialect: 'imgix' },
  });
  await stack.putEndpoint({
    id: 'secure',
    isDefault: true,
    origins: [{ type: 's3', bucket: DEMO_BUCKET }],
    settings: {
      dialect: 'imgix',
      signing: { required: true, keys: [{ source: 'ssm', name: '/imgfront/imgix' }] },
    },
  });
});

afterAll(() => stack.dispose());

async function image(path: string, headers: Record<string, string> = {}) {
  const response = await stack.get(path, headers);
  expect([response.status, response.headers.get('x-imgfront-error')]).toEqual([200, null]);
  const { width, height, format } = await sharp(response.body).metadata();
  return { width, height, format, body: response.body };
}

describe('imgix URLs on an imgix endpoint', () => {
  it('fits inside w x h by default (fit=clip) and keeps the source format whatever Accept says', async () => {
    expect(await image('/ix/wide.jpg?w=400&h=300', WEBP)).toMatchObject({
      width: 400,
      height: 200,
      format: 'jpeg',
    });
  });

  it('crops to fill with fit=crop, anchored where crop= says', async () => {
    // 800x400 covers 100x100 at 200x100: the window is x 0-100 (left), 50-150 (centre) or 100-200 (right).
    const left = await image('/ix/wide.jpg?w=100&h=100&fit=crop&crop=top,left');
    expect([left.width, left.height, await colourAt(left.body, 90, 25)]).toEqual([100, 100, 'red']);
    const centre = await image('/ix/wide.jpg?w=100&h=100&fit=crop');
    expect(await colourAt(centre.body, 90, 25)).toBe('green');
    const right = await image('/ix/wide.jpg?w=100&h=100&fit=crop&crop=bottom,right');
    expect(await colourAt(right.body, 10, 75)).toBe('yellow');
    expect(await colourAt(centre.body, 10, 75)).toBe('blue');
  });

  it('distorts with fit=scale, never enlarges with fit=max, enlarges with fit=clip', async () => {
    expect(await image('/ix/wide.jpg?w=100&h=100&fit=scale')).toMatchObject({ width: 100, height: 100 });
    expect(await image('/ix/wide.jpg?w=2000&fit=max')).toMatchObject({ width: 800, height: 400 });
    expect(await image('/ix/wide.jpg?w=1000&fit=clip')).toMatchObject({ width: 1000, height: 500 });
  });

  it('pads with fill-color under fit=fill', async () => {
    const padded = await image('/ix/small.png?w=200&h=200&fit=fill&fill-color=0000FF');
    expect([padded.width, padded.height]).toEqual([200, 200]);
    expect([await colourAt(padded.body, 100, 5), await colourAt(padded.body, 100, 100)]).toEqual([
      'blue',
      'red',
    ]);
  });

  it('negotiates the format only with auto=format, and fm wins over it', async () => {
    expect((await image('/ix/wide.jpg?w=50&auto=format', WEBP)).format).toBe('webp');
    expect((await image('/ix/wide.jpg?w=50&auto=format&fm=png', WEBP)).format).toBe('png');
    expect((await image('/ix/wide.jpg?w=50&fm=webp')).format).toBe('webp');
  });

  it('extracts rect= before resizing and rotates the frame with or=', async () => {
    const rect = await image('/ix/wide.jpg?rect=400,200,400,200&w=100');
    expect([rect.width, rect.height, await colourAt(rect.body, 50, 25)]).toEqual([100, 50, 'yellow']);
    expect(await image('/ix/wide.jpg?or=90&w=100')).toMatchObject({ width: 100, height: 200 });
  });

  it.each([
    ['/ix/wide.jpg?mark=logo.png', 'mark'],
    ['/ix/wide.jpg?w=100&h=100&fit=facearea', 'fit=facearea'],
    ['/ix/wide.jpg?utm_source=mail', 'utm_source'],
    ['/ix/wide.jpg?w=NaN', '"w"'],
  ])('%s answers 400 EINVALID naming %s', async (path, name) => {
    const response = await stack.get(path);
    expect([response.status, response.headers.get('x-imgfront-error')]).toEqual([400, 'EINVALID']);
    expect(response.body.toString()).toContain(name);
  });
});

describe('the imgix signing scheme', () => {
  it("verifies imgix's published vector on the default endpoint", async () => {
    expect(await image(VECTOR)).toMatchObject({ width: 60, height: 40 });
  });

  it('verifies a URL with parameters, the endpoint segment included in the signed path', async () => {
    expect(await image(imgixSigned('/secure/users/1.png?w=30&fm=webp'))).toMatchObject({
      width: 30,
      format: 'webp',
    });
  });

  it('serves an unexpired expires= URL no longer than it stays valid', async () => {
    const expires = Math.floor(Date.now() / 1000) + 600;
    const response = await stack.get(imgixSigned(`/users/1.png?w=20&expires=${expires}`));
    expect(response.status).toBe(200);
    expect(
      Number(/max-age=(\d+)/.exec(response.headers.get('cache-control') ?? '')?.[1]),
    ).toBeLessThanOrEqual(600);
  });

  it.each([
    ['missing', '/users/1.png?w=20'],
    ['tampered', imgixSigned('/users/1.png?w=20').replace('w=20', 'w=21')],
    ['re-encoded (same meaning, other raw text)', imgixSigned('/users/1.png?w=20').replace('w=20', 'w=2%30')],
    ['reordered', imgixSigned('/users/1.png?w=20&fm=png').replace('w=20&fm=png', 'fm=png&w=20')],
    ['expired', imgixSigned('/users/1.png?w=20&expires=1000')],
    ['truncated', VECTOR.slice(0, -1)],
    ['for another path', VECTOR.replace('1.png', '2.png')],
  ])('refuses a URL that is %s with 401 ESIGNATURE', async (_case, path) => {
    const response = await stack.get(path);
    expect([response.status, response.headers.get('x-imgfront-error')]).toEqual([401, 'ESIGNATURE']);
  });
});
