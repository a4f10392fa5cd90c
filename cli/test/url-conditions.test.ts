import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { parseChain } from '../../shared/url/chain';
import { parseImageKitUrl } from '../../shared/url/imagekit-dialect';
import { startCliHarness, type CliHarness } from './support/cli-harness';

let harness: CliHarness;

beforeAll(async () => {
  harness = await startCliHarness();
  await harness.stack.putEndpoint({
    id: 'pics',
    origins: [{ type: 's3', bucket: DEMO_BUCKET, prefix: 'pics' }],
  });
  const photo = await sharp({ create: { width: 80, height: 60, channels: 3, background: '#3366cc' } })
    .jpeg()
    .toBuffer();
  await putObject(harness.stack, DEMO_BUCKET, 'pics/a.jpg', photo, 'image/jpeg');
  await harness.stack.settled();
});
afterAll(() => harness.close());

describe('imgfront url --tr with if blocks and expressions', () => {
  it('prints the canonical chain, a URL the service parses back into the same steps, and serves it', async () => {
    const chain = 'if-ar_gt_1.0,h-ih_div_2.0,if-else,w-10,if-end:b-cw_mod_7_yellow';
    const result = await harness.cli(['url', 'pics/a.jpg', '--tr', chain, '-o', 'json']);
    expect(result.code).toBe(0);
    const { url, transformations } = result.json<{ url: string; transformations: string }>();
    expect(transformations).toBe('if-ar_gt_1,h-ih_div_2,if-else,w-10,if-end:b-cw_mod_7_FFFF00');
    const parsed = new URL(url);
    const request = parseImageKitUrl({ rawPath: parsed.pathname, rawQueryString: parsed.search.slice(1) });
    expect(request.steps).toEqual(parseChain(chain));
    const response = await fetch(url);
    expect(response.status).toBe(200);
    const body = Buffer.from(await response.arrayBuffer());
    // 80x60 is landscape: h-30 gives 40x30, then a border of 40 mod 7 = 5 px on every side.
    expect(await sharp(body).metadata()).toMatchObject({ width: 50, height: 40 });
  });

  it('refuses a malformed block as a usage error (exit code 2) naming the problem', async () => {
    const result = await harness.cli(['url', 'pics/a.jpg', '--tr', 'h-100,if-ar_gt_1,w-1,if-end']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('holds nothing else');
  });
});
