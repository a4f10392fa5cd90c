import type { IncomingMessage, ServerResponse } from 'node:http';
import sharp from 'sharp';
import { photo } from '../../local/demo-images';
import {
  BLUE,
  colourAt,
  displayP3Jpeg,
  noisyImage,
  quadrantImage,
  RED,
  solidImage,
} from '../../test/support/images';
import { renderChain } from '../../test/support/render-chain';
import { DEFAULT_LIMITS, type ServiceConfig } from '../config/config';
import { startTestOrigin, type TestOriginServer } from '../net/testing/test-origin-server';
import { createOriginFactory } from '../origins/origin-factory';
import { endpointSchema } from '../registry/endpoint-schema';
import { createStaticSecretResolver } from '../secrets/static-secret-resolver';
import { createImageService } from '../service/image-service';
import { createDecodedCache, type DecodedCache } from './decoded-cache';
import { comparablePixels, similarity } from './similarity';

/*
 * Kept shrunk decodes (`decoded-cache.ts`, `decoded-path.ts`): a render that starts from one gives
 * what a user would get from the original itself (same size and format, SSIM >= 0.995), a new version
 * of the original is never answered from old pixels, and the cache stays within its bytes.
 */

/** The demo landscape as a 1600x1200 JPEG, with soft noise when `noisy` (detail near the output's Nyquist). */
async function landscape(noisy: boolean): Promise<Buffer> {
  if (!noisy) return photo(1600, 1200);
  const noise = await sharp(await noisyImage(400, 300))
    .resize(1600, 1200, { kernel: 'cubic' })
    .toBuffer();
  return sharp(await photo(1600, 1200))
    .composite([{ input: noise, blend: 'soft-light' }])
    .jpeg({ quality: 90 })
    .toBuffer();
}

let original: Buffer;
let noisy: Buffer;
beforeAll(async () => {
  [original, noisy] = await Promise.all([landscape(false), landscape(true)]);
});

const MB = 1024 * 1024;
const WHITE_BG = { r: 255, g: 255, b: 255, alpha: 1 };
const keptIn = (cache: DecodedCache, original = 'photo"1"') => ({ decoded: { cache, original } });
const ssim = async (reference: Buffer, candidate: Buffer) =>
  similarity(await comparablePixels(sharp(reference), WHITE_BG), candidate, WHITE_BG);

describe('rendering from a kept shrunk decode', () => {
  // Lossless output, so the comparison sees the resampling and not two encoders' artefacts.
  it.each([
    ['w-150,f-png', 150, 113],
    ['w-300,f-png', 300, 225],
    ['w-420,f-png', 420, 315],
    ['w-500,h-500,f-png', 500, 500],
    ['w-190,h-100,fo-top_left,f-png', 190, 100],
    ['h-100,w-1000,c-at_max,f-png', 133, 100],
    ['w-900,f-png', 900, 675],
  ])("%s has the direct render's size %ix%i and SSIM >= 0.995 to it", async (chain, width, height) => {
    const cache = createDecodedCache(64 * MB);
    const direct = await renderChain(original, chain);
    const kept = await renderChain(original, chain, keptIn(cache));
    expect(cache.bytes).toBeGreaterThan(0);
    expect([direct.metadata.width, direct.metadata.height]).toEqual([width, height]);
    expect([kept.metadata.width, kept.metadata.height]).toEqual([width, height]);
    expect(await ssim(direct.body, kept.body)).toBeGreaterThanOrEqual(0.995);
  });

  it.each(['w-150,f-png', 'w-300,f-png', 'w-420,f-png'])(
    '%s of a noisy photo is at least as close to an exact resize as the direct render',
    async (chain) => {
      const direct = await renderChain(noisy, chain);
      const kept = await renderChain(noisy, chain, keptIn(createDecodedCache(64 * MB)));
      const { width, height } = direct;
      // The exact resize: a full decode and one Lanczos pass, no JPEG shrink-on-load.
      const exact = await sharp(noisy)
        .resize({ width, height, fit: 'fill', fastShrinkOnLoad: false })
        .png()
        .toBuffer();
      expect(await ssim(exact, kept.body)).toBeGreaterThanOrEqual((await ssim(exact, direct.body)) - 0.001);
    },
  );

  it.each([
    ['w-300,f-webp', 'webp'],
    ['w-300,f-jpg,q-80', 'jpeg'],
    ['w-300,f-avif', 'heif'],
  ])('%s encodes as the direct render does (%s)', async (chain, format) => {
    const kept = await renderChain(original, chain, keptIn(createDecodedCache(64 * MB)));
    expect([kept.metadata.width, kept.metadata.height, kept.metadata.format]).toEqual([300, 225, format]);
  });

  it('decodes once for every width at one shrink level, and answers each with the same bytes', async () => {
    const cache = createDecodedCache(64 * MB);
    // 1600 px to 210-260 px is a shrink of 6.2-7.6: all start from the 1/4 decode, 400x300.
    const first = await renderChain(original, 'w-210,f-webp', keptIn(cache));
    expect(cache.bytes).toBe(400 * 300 * 3 + 512);
    for (const width of [240, 260]) {
      const { metadata } = await renderChain(original, `w-${width},f-webp`, keptIn(cache));
      expect(metadata.width).toBe(width);
    }
    expect(cache.bytes).toBe(400 * 300 * 3 + 512);
    // A kept decode and a fresh one give the same bytes, as the derived ETag promises.
    expect((await renderChain(original, 'w-210,f-webp', keptIn(cache))).body.equals(first.body)).toBe(true);
  });

  it('applies EXIF orientation as the direct render does', async () => {
    const pixels = await quadrantImage({ width: 400, height: 300 });
    // Orientation 6 with no ICC profile (sharp tags one when it writes the orientation; keepExif drops it).
    const tagged = await sharp(pixels).withMetadata({ orientation: 6 }).jpeg({ quality: 100 }).toBuffer();
    const oriented = await sharp(tagged).keepExif().jpeg({ quality: 100 }).toBuffer();
    const cache = createDecodedCache(8 * MB);
    const direct = await renderChain(oriented, 'w-100,f-png');
    const kept = await renderChain(oriented, 'w-100,f-png', keptIn(cache, 'oriented'));
    expect(cache.bytes).toBeGreaterThan(0);
    expect([kept.metadata.width, kept.metadata.height]).toEqual([100, 133]);
    const corners = [
      [5, 5],
      [90, 5],
      [5, 125],
      [90, 125],
    ] as const;
    for (const [x, y] of corners)
      expect(await colourAt(kept.body, x, y)).toBe(await colourAt(direct.body, x, y));
  });

  it.each([
    ['cm-extract,w-200,h-100,x-10,y-10', 'an extract reads source coordinates'],
    ['w-200,md-true', 'metadata is kept'],
    ['w-200,rt-90', 'a rotation'],
    ['w-200,bl-5', 'an effect'],
    ['w-400:w-200', 'a chain of steps'],
    ['w-200,fo-auto,h-100', 'a saliency crop'],
  ])('decodes the original itself for %s (%s)', async (chain) => {
    const cache = createDecodedCache(64 * MB);
    const rendered = await renderChain(original, chain, keptIn(cache));
    expect(rendered.metadata.width).toBeGreaterThan(0);
    expect(cache.bytes).toBe(0);
  });

  it('decodes an original with an ICC profile itself, so its colours still convert to sRGB', async () => {
    const cache = createDecodedCache(8 * MB);
    const p3 = await displayP3Jpeg(400, 300, RED);
    const rendered = await renderChain(p3, 'w-100,f-png', keptIn(cache, 'p3'));
    expect(cache.bytes).toBe(0);
    expect(await colourAt(rendered.body, 50, 30)).toBe('red');
  });

  it('holds at most its bytes however many originals pass', async () => {
    const cache = createDecodedCache(2 * MB);
    for (let index = 0; index < 12; index += 1) {
      const { metadata } = await renderChain(original, 'w-300,f-webp', keptIn(cache, `photo-${index}`));
      expect(metadata.width).toBe(300);
      expect(cache.bytes).toBeLessThanOrEqual(2 * MB);
    }
    expect(cache.bytes).toBeGreaterThan(0);
  });
});

describe('kept decodes in the service', () => {
  /** One JPEG the origin serves; replacing it changes its ETag, as an S3 upload does. */
  let file: { body: Buffer; etag: string } = { body: Buffer.alloc(0), etag: '"1"' };
  let server: TestOriginServer;
  const serve = (request: IncomingMessage, response: ServerResponse) => {
    if (request.url !== '/photo.jpg') return response.writeHead(404).end();
    if (request.headers['if-none-match'] === file.etag) return response.writeHead(304).end();
    response.writeHead(200, { 'content-type': 'image/jpeg', etag: file.etag }).end(file.body);
  };
  beforeEach(async () => {
    server = await startTestOrigin(serve);
  });
  afterEach(() => server.close());

  function serviceWith(originalsCacheMb: number) {
    const config: ServiceConfig = {
      registryTable: 'unused',
      registryCacheSeconds: 60,
      limits: DEFAULT_LIMITS,
      allowPrivateHosts: ['127.0.0.1'],
      s3Endpoint: undefined,
      dynamoEndpoint: undefined,
      purgeQueueUrl: undefined,
      distributionId: undefined,
      cloudFrontEndpoint: undefined,
      originalsCache: { maxBytes: originalsCacheMb * MB, ttlSeconds: 60 },
      decodedCacheBytes: 16 * MB,
    };
    const endpoint = endpointSchema.parse({
      id: 'demo',
      origins: [{ type: 'web', baseUrl: `${server.origin}/` }],
    });
    const secrets = createStaticSecretResolver({});
    const service = createImageService({
      config,
      registry: { find: async () => endpoint, findDefault: async () => undefined },
      originsFor: createOriginFactory(config, secrets),
      secrets,
      log: () => undefined,
    });
    return async (target: string) => {
      const [rawPath = '', rawQueryString = ''] = target.split('?');
      const response = await service({ method: 'GET', rawPath, rawQueryString, headers: {}, requestId: 't' });
      expect(response.status).toBe(200);
      expect(response.headers['server-timing']).toContain('transformation');
      return colourAt(response.body, 20, 20);
    };
  }

  it('serves a new version of the original after an upload (versioned URL), never the old pixels', async () => {
    file = { body: await solidImage(800, 600, RED, 'jpeg'), etag: '"1"' };
    const get = serviceWith(8);
    expect(await get('/demo/tr:w-200,f-png/photo.jpg')).toBe('red');
    expect(await get('/demo/tr:w-190,f-png/photo.jpg')).toBe('red');
    file = { body: await solidImage(800, 600, BLUE, 'jpeg'), etag: '"2"' };
    // The version writer's `updatedAt` makes the originals cache ask the origin, which has new bytes.
    expect(await get(`/demo/tr:w-200,f-png/photo.jpg?updatedAt=${Date.now() + 60_000}`)).toBe('blue');
    expect(await get(`/demo/tr:w-180,f-png/photo.jpg?updatedAt=${Date.now() + 60_000}`)).toBe('blue');
  });

  it('serves a new version at once when originals are not kept', async () => {
    file = { body: await solidImage(800, 600, RED, 'jpeg'), etag: '"1"' };
    const get = serviceWith(0);
    expect(await get('/demo/tr:w-200,f-png/photo.jpg')).toBe('red');
    file = { body: await solidImage(800, 600, BLUE, 'jpeg'), etag: '"2"' };
    expect(await get('/demo/tr:w-200,f-png/photo.jpg')).toBe('blue');
  });
});
