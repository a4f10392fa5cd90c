import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import type { PageAnalysis } from '../analyze/analyze-page';
import { startCliHarness, type CliHarness } from './support/cli-harness';

let harness: CliHarness;
let site: Server;
let siteUrl: string;
const files = new Map<string, { type: string; body: Buffer }>();

/** A noisy photo: JPEG at 800x600 is far larger than the 200 px the page renders it at. */
const photo = (width: number, height: number) =>
  sharp(Buffer.from(Array.from({ length: width * height * 3 }, (_, i) => (i * 7919) % 251)), {
    raw: { width, height, channels: 3 },
  })
    .jpeg({ quality: 90 })
    .toBuffer();

beforeAll(async () => {
  harness = await startCliHarness();
  site = createServer((request, response) => {
    const file = files.get(request.url ?? '');
    if (file === undefined) response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    else response.writeHead(200, { 'content-type': file.type }).end(file.body);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  files.set('/images/hero.jpg', { type: 'image/jpeg', body: await photo(800, 600) });
  files.set('/other/logo.jpg', { type: 'image/jpeg', body: await photo(40, 40) });
  files.set('/images/wide.jpg', { type: 'image/jpeg', body: await photo(1200, 800) });
  files.set('/images/backdrop.jpg', { type: 'image/jpeg', body: await photo(400, 100) });
  await putObject(harness.stack, DEMO_BUCKET, 'cdn/banner.jpg', await photo(300, 100), 'image/jpeg');
  await harness.stack.putEndpoint({ id: 'site', origins: [{ type: 'web', baseUrl: `${siteUrl}/images/` }] });
  await harness.stack.putEndpoint({
    id: 'cdn',
    origins: [{ type: 's3', bucket: DEMO_BUCKET, prefix: 'cdn' }],
  });
  files.set('/index.html', {
    type: 'text/html; charset=utf-8',
    body: Buffer.from(`<!doctype html><title>Shop</title>
      <img src="/images/hero.jpg" width="200" height="150" alt="hero">
      <picture><source srcset="${harness.stack.cdnUrl}/cdn/banner.jpg 1x"><img src="/images/missing.jpg"></picture>
      <img src="/other/logo.jpg">
      <img srcset="/images/wide.jpg 600w" sizes="(max-width: 600px) 100vw, 300px" alt="wide">
      <div style="background-image: url('/images/backdrop.jpg')"></div>`),
  });
}, 60_000);
afterAll(async () => {
  await new Promise((resolve) => site.close(resolve));
  await harness.close();
});

describe('imgfront analyze: a page served by a local HTTP server, through the local CDN', () => {
  it('lists each image, what imgfront serves for it, and the total saving', async () => {
    const run = await harness.cli([
      'analyze',
      `${siteUrl}/index.html`,
      '--endpoint',
      'site',
      '--output',
      'json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const analysis = run.json<PageAnalysis>();
    const byPath = new Map(analysis.images.map((image) => [new URL(image.url).pathname, image]));
    expect([...byPath.keys()]).toEqual([
      '/images/hero.jpg',
      '/cdn/banner.jpg',
      '/images/missing.jpg',
      '/other/logo.jpg',
      '/images/wide.jpg',
      '/images/backdrop.jpg',
    ]);

    const hero = byPath.get('/images/hero.jpg');
    expect(hero).toMatchObject({
      from: 'img src',
      renderedWidth: 200,
      renderedHeight: 150,
      original: { status: 200, format: 'jpeg', width: 800, height: 600 },
      imgfront: {
        url: `${harness.stack.cdnUrl}/site/hero.jpg?tr=w-200`,
        status: 200,
        width: 200,
        height: 150,
      },
    });
    expect(hero?.savingBytes).toBeGreaterThan(0);

    // Already an imgfront URL: compared as it is, the CDN negotiating the format.
    expect(byPath.get('/cdn/banner.jpg')).toMatchObject({
      from: 'source srcset',
      original: { format: 'jpeg', width: 300 },
      imgfront: { url: `${harness.stack.cdnUrl}/cdn/banner.jpg`, width: 300, height: 100 },
    });
    expect(byPath.get('/images/missing.jpg')).toMatchObject({
      original: { code: 'HTTP404' },
      imgfront: { code: 'HTTP404' },
    });
    expect(byPath.get('/other/logo.jpg')).toMatchObject({
      original: { format: 'jpeg', width: 40 },
      skipped: 'not under a web origin of endpoint "site"',
    });
    // A width descriptor is the width that file is for: imgfront resizes to it.
    expect(byPath.get('/images/wide.jpg')).toMatchObject({
      from: 'img srcset',
      descriptor: '600w',
      renderedWidth: 300,
      targetWidth: 600,
      imgfront: { url: `${harness.stack.cdnUrl}/site/wide.jpg?tr=w-600`, width: 600, height: 400 },
    });
    // A CSS background states no size: imgfront serves it at its own size, in a better format.
    expect(byPath.get('/images/backdrop.jpg')).toMatchObject({
      from: 'css background',
      imgfront: { url: `${harness.stack.cdnUrl}/site/backdrop.jpg`, width: 400, height: 100 },
    });
    expect(analysis.totals).toMatchObject({ images: 6, compared: 4 });
    expect(analysis.totals.savingBytes).toBe(analysis.totals.originalBytes - analysis.totals.imgfrontBytes);
    expect(analysis.totals.savingBytes).toBeGreaterThan(0);
  }, 60_000);

  it('prints a table and the total saving; without --endpoint only CDN images are compared', async () => {
    const run = await harness.cli(['analyze', `${siteUrl}/index.html`]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^#\s+image\s+original\s+rendered\s+imgfront\s+saving/);
    expect(run.stdout).toContain('not an imgfront URL (give --endpoint to map it)');
    expect(run.stdout).toMatch(/6 images on .*index\.html; 1 compared: .* with imgfront, saving/);
  }, 60_000);

  it('fails clearly for a missing page and refuses a non-http URL', async () => {
    const missing = await harness.cli(['analyze', `${siteUrl}/nope.html`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('HTTP 404');
    const bad = await harness.cli(['analyze', 'file:///etc/passwd']);
    expect(bad.code).toBe(2);
  }, 60_000);
});
