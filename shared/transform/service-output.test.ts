import sharp from 'sharp';
import { DEFAULT_LIMITS, type ServiceConfig } from '../config/config';
import { notFound } from '../errors/image-error';
import { ERROR_HEADER } from '../http/responses';
import type { HttpResponse } from '../http/types';
import type { ImagePath, OriginSource } from '../origins/types';
import { endpointSchema, type Endpoint } from '../registry/endpoint-schema';
import type { EndpointRegistry } from '../registry/endpoint-registry';
import type { SecretResolver } from '../secrets/secret-resolver';
import { createImageService } from '../service/image-service';
import { configureSharp } from './sharp-setup';
import {
  animatedGif,
  hostileSvg,
  orientedJpeg,
  quadrantImage,
  TEXT_FILE,
  truncated,
} from '../../test/support/images';

/*
 * The transform core as a client sees it through the service: status, headers and bytes. The registry
 * and origin are in-memory implementations of their interfaces; the S3 and web origins have their own
 * suites against real local servers.
 */

const CONFIG: ServiceConfig = {
  registryTable: 'unused',
  registryCacheSeconds: 60,
  limits: DEFAULT_LIMITS,
  allowPrivateHosts: [],
  s3Endpoint: undefined,
  dynamoEndpoint: undefined,
  purgeQueueUrl: undefined,
  distributionId: undefined,
  cloudFrontEndpoint: undefined,
};

const ENDPOINT: Endpoint = endpointSchema.parse({
  id: 'demo',
  origins: [{ type: 'web', baseUrl: 'https://origin.invalid/' }],
});

/** Files by key; the claimed content type is deliberately wrong so the tests prove it is ignored. */
const files = new Map<string, Buffer>();

async function readMemory(path: ImagePath) {
  const key = path.segments.join('/');
  const body = files.get(key);
  if (body === undefined) throw notFound('No such file');
  return {
    body,
    claimedContentType: 'text/html',
    lastModified: undefined,
    etag: undefined,
    cacheControl: undefined,
    source: `memory://${key}`,
  };
}

const memoryOrigin: OriginSource = {
  description: 'memory',
  fetch: readMemory,
  // It gives no ETags, so the service never asks it conditionally.
  revalidate: async (path) => ({ unchanged: false, original: await readMemory(path) }),
};

const registry: EndpointRegistry = {
  find: async (id) => (id === ENDPOINT.id ? ENDPOINT : undefined),
  findDefault: async () => undefined,
};

/** The endpoint neither signs URLs nor uses origin secrets. */
const noSecrets: SecretResolver = {
  resolve: async (ref) => {
    throw notFound(`No secret ${JSON.stringify(ref)} in this test`);
  },
};

const service = createImageService({
  config: CONFIG,
  registry,
  originsFor: () => [memoryOrigin],
  secrets: noSecrets,
  log: () => undefined,
});

function get(path: string, headers: Record<string, string> = {}): Promise<HttpResponse> {
  const [rawPath = '', rawQueryString = ''] = path.split('?');
  return service({ method: 'GET', rawPath, rawQueryString, headers, requestId: 'test' });
}

beforeAll(async () => {
  configureSharp();
  files.set('photo.jpg', await quadrantImage({ width: 40, height: 30, format: 'jpeg' }));
  files.set('rotated.jpg', await orientedJpeg(6));
  files.set('anim.gif', await animatedGif(3));
  files.set('drawing.svg', hostileSvg('http://127.0.0.1:9'));
  files.set('notes.jpg', TEXT_FILE);
  files.set('cut.jpg', truncated(await quadrantImage({ width: 64, height: 64, format: 'jpeg' })));
});

describe('orig-true', () => {
  it('returns the original bytes untouched, typed from the bytes, whatever else the URL asks', async () => {
    for (const name of ['photo.jpg', 'rotated.jpg', 'anim.gif']) {
      const response = await get(`/demo/tr:orig-true,w-10,f-webp/${name}`, {
        accept: 'image/avif,image/webp',
      });
      expect(response.status).toBe(200);
      expect(response.body.equals(files.get(name) ?? Buffer.alloc(0))).toBe(true);
      expect(response.headers['content-type']).toBe(name.endsWith('.gif') ? 'image/gif' : 'image/jpeg');
      expect(response.headers.vary).toBeUndefined();
    }
  });

  it('refuses to pass an SVG through untouched', async () => {
    const response = await get('/demo/tr:orig-true/drawing.svg');
    expect([response.status, response.headers[ERROR_HEADER]]).toEqual([400, 'EINVALID']);
  });
});

describe('what the service answers', () => {
  it.each([
    // libvips names AVIF bytes "heif".
    ['image/avif,image/webp,*/*', 'image/avif', 'heif'],
    ['image/webp,*/*', 'image/webp', 'webp'],
    ['*/*', 'image/jpeg', 'jpeg'],
  ])(
    'negotiates the format from Accept "%s" (%s) and says Vary: Accept',
    async (accept, contentType, bytesFormat) => {
      const response = await get('/demo/tr:w-20/photo.jpg', { accept });
      expect([response.status, response.headers['content-type'], response.headers.vary]).toEqual([
        200,
        contentType,
        'Accept',
      ]);
      expect((await sharp(response.body).metadata()).format).toBe(bytesFormat);
    },
  );

  it.each(['', 'tr:f-orig/', 'tr:f-auto/'])(
    'never answers an SVG original as SVG (%s)',
    async (transformation) => {
      const response = await get(`/demo/${transformation}drawing.svg`, { accept: 'image/svg+xml,*/*' });
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('image/png');
      expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    },
  );

  it.each([
    ['/demo/tr:w-9000/photo.jpg', 'ELIMIT'],
    ['/demo/tr:w-20/notes.jpg', 'EINVALID'],
    ['/demo/tr:w-20/cut.jpg', 'EINVALID'],
    ['/demo/tr:w-abc/photo.jpg', 'EINVALID'],
    ['/demo/tr:f-constructor/photo.jpg', 'EINVALID'],
    ['/demo/tr:c-__proto__,w-10,h-10/photo.jpg', 'EINVALID'],
    ['/demo/tr:n-constructor/photo.jpg', 'EINVALID'],
    ['/demo/tr:n-toString/photo.jpg', 'EINVALID'],
  ])('answers %s with 400 and the %s code header', async (path, code) => {
    const response = await get(path);
    expect([response.status, response.headers[ERROR_HEADER]]).toEqual([400, code]);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
  });
});
