import sharp from 'sharp';
import { loadConfig } from '../config/config';
import { ERROR_HEADER } from '../http/responses';
import { startTestOrigin, type TestOriginServer } from '../net/testing/test-origin-server';
import { endpointSchema } from '../registry/endpoint-schema';
import { serve, type RunningServer } from './serve';

describe('serve: the transform service as a plain HTTP server', () => {
  let origin: TestOriginServer;
  let server: RunningServer;

  beforeAll(async () => {
    const photo = await sharp({
      create: { width: 640, height: 480, channels: 3, background: { r: 200, g: 80, b: 20 } },
    })
      .jpeg()
      .toBuffer();
    origin = await startTestOrigin((request, response) => {
      if (request.url !== '/photos/sunset.jpg') {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'image/jpeg', etag: '"v1"' }).end(photo);
    });
    // The origin is on 127.0.0.1 with no IMGFRONT_ALLOW_PRIVATE_HOSTS: naming it as an origin allows it.
    server = await serve({
      endpoints: [endpointSchema.parse({ id: 'shop', origins: [{ type: 'web', baseUrl: origin.origin }] })],
      config: loadConfig({}),
      log: () => undefined,
    });
  });

  afterAll(async () => {
    await server.close();
    await origin.close();
  });

  it('answers a resized image in the asked format, with Server-Timing', async () => {
    const response = await fetch(`${server.url}/shop/tr:w-200,f-webp/photos/sunset.jpg`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/webp');
    expect(response.headers.get('server-timing')).toMatch(/download;dur=/);
    const metadata = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    expect(metadata).toMatchObject({ format: 'webp', width: 200, height: 150 });
  });

  it('answers 404 ENOENT for a file the origin does not have', async () => {
    const response = await fetch(`${server.url}/shop/tr:w-200/photos/missing.jpg`);
    expect(response.status).toBe(404);
    expect(response.headers.get(ERROR_HEADER)).toBe('ENOENT');
    expect(response.headers.get('server-timing')).not.toBeNull();
  });

  it('answers 404 for an endpoint it does not serve', async () => {
    const response = await fetch(`${server.url}/elsewhere/photos/sunset.jpg`);
    expect(response.status).toBe(404);
    expect(response.headers.get(ERROR_HEADER)).toBe('ENOENT');
  });

  it('answers 400 EINVALID with a message naming the parameter for a bad transformation', async () => {
    const response = await fetch(`${server.url}/shop/tr:w-abc/photos/sunset.jpg`);
    expect(response.status).toBe(400);
    expect(response.headers.get(ERROR_HEADER)).toBe('EINVALID');
    expect(response.headers.get('server-timing')).not.toBeNull();
    expect(await response.text()).toMatch(/"w"/);
  });

  it('answers 405 EMETHOD for a method images do not take', async () => {
    const response = await fetch(`${server.url}/shop/photos/sunset.jpg`, { method: 'POST', body: 'x' });
    expect(response.status).toBe(405);
    expect(response.headers.get(ERROR_HEADER)).toBe('EMETHOD');
  });
});
