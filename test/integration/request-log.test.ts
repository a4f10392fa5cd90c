import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { startTestStack, type TestStack } from '../support/stack';
import { captureStdout, type StdoutCapture } from '../support/stdout-capture';

let stack: TestStack & { dispose(): Promise<void> };
let stdout: StdoutCapture;

beforeAll(async () => {
  // No captured `log`: request lines go through the Powertools logger, as `npm start` and Lambda print them.
  stack = await startTestStack({ log: undefined });
  const png = await sharp({ create: { width: 20, height: 20, channels: 3, background: '#123456' } })
    .png()
    .toBuffer();
  await putObject(stack, DEMO_BUCKET, 'a.png', png, 'image/png');
  await stack.putEndpoint({ id: 'logs', origins: [{ type: 's3', bucket: DEMO_BUCKET }] });
  await stack.settled();
});
beforeEach(() => {
  stdout = captureStdout();
});
afterEach(() => stdout.restore());
afterAll(() => stack.dispose());

const requestLines = () => stdout.jsonLines().filter((line) => line.message === 'request');

describe('the request log line (Powertools logger)', () => {
  it('is one JSON line with the request fields, timings and both correlation ids', async () => {
    const response = await stack.get('/logs/tr:w-10/a.png', { 'x-amz-cf-id': 'cf-id-123==' });
    expect(response.status).toBe(200);
    const lines = requestLines();
    expect(lines).toHaveLength(1);
    const requestId = response.headers.get('x-imgfront-request-id');
    expect(lines[0]).toMatchObject({
      level: 'INFO',
      service: 'imgfront-transform',
      correlation_id: 'cf-id-123==',
      function_request_id: requestId,
      requestId,
      method: 'GET',
      endpoint: 'logs',
      path: 'a.png',
      transformation: 'w-10',
      status: 200,
      bytesOut: response.body.byteLength,
      timings: {
        registry: expect.any(Number),
        download: expect.any(Number),
        transformation: expect.any(Number),
        total: expect.any(Number),
      },
    });
  });

  it('carries CloudFront request ids from the CDN stand-in, never the previous request’s', async () => {
    await fetch(`${stack.cdnUrl}/logs/tr:w-11/a.png`);
    await stack.get('/logs/tr:w-12/a.png');
    const [viaCdn, direct] = requestLines();
    expect(viaCdn?.correlation_id).toMatch(/^[\w-]{40,}$/);
    expect(direct).not.toHaveProperty('correlation_id');
  });

  it('keeps concurrent requests apart: own ids and one EMF line each, as separate Lambda environments', async () => {
    const widths = [21, 22, 23, 24];
    await Promise.all(widths.map((w) => stack.get(`/logs/tr:w-${w}/a.png`, { 'x-amz-cf-id': `cf-${w}` })));
    const lines = requestLines();
    expect(lines).toHaveLength(widths.length);
    for (const line of lines) {
      expect(line.correlation_id).toBe(`cf-${String(line.transformation).slice(2)}`);
      expect(line.function_request_id).toBe(line.requestId);
    }
    const emf = stdout.emfLines();
    expect(emf).toHaveLength(widths.length);
    for (const line of emf) expect(line).toMatchObject({ Endpoint: 'logs', Requests: 1 });
  });

  it('logs a client error at INFO with its error code', async () => {
    await stack.get('/logs/tr:w-10/missing.png');
    expect(requestLines()[0]).toMatchObject({ level: 'INFO', status: 404, errorCode: 'ENOENT' });
  });
});
