import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { startTestOrigin } from '../../shared/net/testing/test-origin-server';
import { parseChain } from '../../shared/url/chain';
import { parseImageKitUrl } from '../../shared/url/imagekit-dialect';
import { startCliHarness, type CliHarness } from './support/cli-harness';

const SIGNING_KEY = 'cli-test-signing-key';
const KEY = 'pics/summer café.jpg';
let harness: CliHarness;

const photo = (colour: string) =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: colour } })
    .jpeg()
    .toBuffer();

async function fetchImage(url: string) {
  const response = await fetch(url);
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, body, cache: response.headers.get('x-cache') };
}

interface History {
  objects: { key: string; versions: { updatedAt: number; etag: string }[] }[];
}

beforeAll(async () => {
  harness = await startCliHarness({ secrets: { 'ssm:/imgfront/signing': SIGNING_KEY } });
  await harness.stack.putEndpoint({
    id: 'pics',
    origins: [{ type: 's3', bucket: DEMO_BUCKET, prefix: 'pics' }],
  });
  await harness.stack.putEndpoint({
    id: 'private',
    origins: [{ type: 's3', bucket: DEMO_BUCKET, prefix: 'pics' }],
    settings: { signing: { required: true, keys: [{ source: 'ssm', name: '/imgfront/signing' }] } },
  });
  await putObject(harness.stack, DEMO_BUCKET, KEY, await photo('#3366cc'), 'image/jpeg');
  await harness.stack.settled();
});
afterAll(() => harness.close());

describe('imgfront url', () => {
  it('prints a CDN URL the service parses back into the same request and serves', async () => {
    const result = await harness.cli([
      'url',
      'pics/summer café.jpg',
      '--tr',
      'h-30,w-40:rt-90',
      '-o',
      'json',
    ]);
    expect(result.code).toBe(0);
    const { url } = result.json<{ url: string }>();
    expect(url.startsWith(harness.stack.cdnUrl)).toBe(true);
    const parsed = new URL(url);
    const request = parseImageKitUrl({ rawPath: parsed.pathname, rawQueryString: parsed.search.slice(1) });
    expect(request.path.segments).toEqual(['pics', 'summer café.jpg']);
    expect(request.steps).toEqual(parseChain('w-40,h-30:rt-90'));

    const image = await fetchImage(url);
    expect(image.status).toBe(200);
    expect(await sharp(image.body).metadata()).toMatchObject({ width: 30, height: 40 });
  });

  it('prints a URL with layers that the local stack renders (text layer, canonical form)', async () => {
    const chain = 'w-200,l-text,i-Sale 50%,co-FFFFFF,bg-000000,lfo-top_left,l-end';
    const result = await harness.cli(['url', 'pics/summer café.jpg', '--tr', chain]);
    expect(result.code).toBe(0);
    const parsed = new URL(result.stdout.trim());
    const request = parseImageKitUrl({ rawPath: parsed.pathname, rawQueryString: parsed.search.slice(1) });
    expect(request.steps).toEqual(parseChain(chain));
    const image = await fetchImage(parsed.toString());
    expect(image.status).toBe(200);
    expect(await sharp(image.body).metadata()).toMatchObject({ width: 200 });
  });

  it('signs URLs the service accepts until they expire, and a changed URL is refused', async () => {
    const result = await harness.cli([
      'url',
      'private/summer café.jpg',
      '--tr',
      'w-20',
      '--key',
      SIGNING_KEY,
      '--expires',
      '10m',
    ]);
    expect(result.code).toBe(0);
    const url = result.stdout.trim();
    expect(url).toMatch(/ik-t=\d+&ik-s=[0-9a-f]{64}$/);
    expect((await fetchImage(url)).status).toBe(200);
    expect((await fetchImage(url.replace('tr=w-20', 'tr=w-21'))).status).toBe(403);
  });

  it("reads the endpoint's key from the local stack's secrets store, and names a key it cannot read", async () => {
    const signed = await harness.cli(['url', 'private/summer café.jpg', '--sign']);
    expect(signed.code).toBe(0);
    expect((await fetchImage(signed.stdout.trim())).status).toBe(200);
    const missing = await harness.cli([
      'url',
      'private/summer café.jpg',
      '--key-ref',
      'ssm:/imgfront/never-stored',
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Cannot read the signing key ssm:/imgfront/never-stored');
    expect(missing.stderr).toContain('imgfront secret put ssm:/imgfront/never-stored --local');
  });

  it('refuses a malformed transformation or path as a usage error', async () => {
    const [badChain, badPath] = await Promise.all([
      harness.cli(['url', 'pics/a.jpg', '--tr', 'w-huge']),
      harness.cli(['url', 'pics/../secret.jpg']),
    ]);
    expect([badChain.code, badPath.code]).toEqual([2, 2]);
    expect(badChain.stderr).toMatch(/parameter "w"/);
  });
});

describe('imgfront versions and url --versioned', () => {
  it('lists what the version writer recorded, newest first; versioned URLs carry the current version', async () => {
    const second = await photo('#cc3366');
    await putObject(harness.stack, DEMO_BUCKET, KEY, second, 'image/jpeg');
    await harness.stack.settled();

    const [history, versioned, missing] = await Promise.all([
      harness.cli(['versions', 'pics/summer café.jpg', '-o', 'json']),
      harness.cli(['url', 'pics/summer café.jpg', '--versioned', '--tr', 'w-16']),
      harness.cli(['url', 'pics/never-uploaded.jpg', '--versioned']),
    ]);
    expect(history.code).toBe(0);
    const [object] = history.json<History>().objects;
    expect(object?.key).toBe(KEY);
    expect(object?.versions).toHaveLength(2);
    const [newest, older] = object?.versions ?? [];
    expect(newest?.etag).toBe(createHash('md5').update(second).digest('hex'));
    expect(newest?.updatedAt).toBeGreaterThanOrEqual(older?.updatedAt ?? Infinity);

    expect(versioned.code).toBe(0);
    const url = versioned.stdout.trim();
    expect(new URL(url).searchParams.get('updatedAt')).toBe(String(newest?.updatedAt));
    expect((await fetchImage(url)).status).toBe(200);

    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No recorded version of pics\/never-uploaded.jpg/);
  });
});

describe('imgfront purge', () => {
  it("purges every cached transformation from the local CDN, and --wait returns once it's complete", async () => {
    const cached = `${harness.stack.cdnUrl}/pics/tr:w-20/summer%20caf%C3%A9.jpg`;
    await fetchImage(cached);
    expect((await fetchImage(cached)).cache).toMatch(/^Hit/);

    const result = await harness.cli(['purge', cached, '--wait', '-o', 'json']);
    expect(result.code).toBe(0);
    const purge = result.json<{ purgeId: string; status: string; paths: string[] }>();
    expect(purge).toMatchObject({
      status: 'Completed',
      paths: ['/pics/summer%20caf%C3%A9.jpg*', '/pics/ik-seo/summer%20caf%C3%A9/*'],
    });
    expect((await fetchImage(cached)).cache).toMatch(/^Miss/);

    const status = await harness.cli(['purge', 'status', purge.purgeId]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain(`Purge ${purge.purgeId}: Completed`);
  });

  it('refuses what no endpoint serves (exit 1) and paths the service would refuse (exit 2)', async () => {
    const [unknown, climbing] = await Promise.all([
      harness.cli(['purge', 'nowhere/a.jpg']),
      harness.cli(['purge', 'pics/../a.jpg']),
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No endpoint serves this URL');
    expect(climbing.code).toBe(2);
  });

  it('deletes the kept copies of a web original, so the next request asks the origin again', async () => {
    const body = await photo('#cc6633');
    const origin = await startTestOrigin((_request, response) =>
      response.writeHead(200, { 'content-type': 'image/jpeg' }).end(body),
    );
    try {
      await harness.stack.putEndpoint({
        id: 'legacy',
        origins: [{ type: 'web', baseUrl: `${origin.origin}/` }],
        settings: { keepOriginalCopy: true },
      });
      const direct = `${harness.stack.url}/legacy/tr:w-20/photo.jpg`;
      expect([(await fetchImage(direct)).status, (await fetchImage(direct)).status]).toEqual([200, 200]);
      expect(origin.requests).toHaveLength(1); // the second came from the kept copy

      const result = await harness.cli(['purge', 'legacy/photo.jpg']);
      expect(result.code).toBe(0);
      expect((await fetchImage(direct)).status).toBe(200);
      expect(origin.requests).toHaveLength(2);
    } finally {
      await origin.close();
    }
  });
});
