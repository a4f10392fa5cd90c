import type { Context, LambdaFunctionURLEvent } from 'aws-lambda';
import { PassThrough, type Writable } from 'node:stream';
import { createBufferedHandler, createStreamingHandler } from './create-handler';
import { SERVICE_NAME } from '../../shared/log/logger';
import { createTelemetry } from '../../shared/runtime/telemetry';
import type { ImageService } from '../../shared/service/image-service';
import { captureStdout } from '../../test/support/stdout-capture';

const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const service: ImageService = async (request) => ({
  status: 200,
  headers: { 'content-type': 'image/png', 'x-path': request.rawPath },
  body: png,
});

const event = {
  version: '2.0',
  rawPath: '/demo/tr:w-10/a%20b.png',
  rawQueryString: 'updatedAt=1',
  headers: { accept: 'image/webp' },
  requestContext: { http: { method: 'GET' }, requestId: 'req-1' },
} as unknown as LambdaFunctionURLEvent;
const context = { getRemainingTimeInMillis: () => 30_000 } as unknown as Context;

type StreamingEntry = (event: LambdaFunctionURLEvent, stream: Writable, context: Context) => Promise<void>;

describe('the transform handler in each function-URL invoke mode', () => {
  it('answers buffered invocations with a base64 body (6 MB mode, used locally)', async () => {
    const result = await createBufferedHandler(service)(event, context);
    expect(result).toMatchObject({ statusCode: 200, isBase64Encoded: true });
    expect(Buffer.from(result.body, 'base64')).toEqual(png);
    expect(result.headers['x-path']).toBe('/demo/tr:w-10/a%20b.png');
  });

  it('streams the bytes with the status and headers first in RESPONSE_STREAM mode (Lambda)', async () => {
    let metadata: unknown;
    // The Lambda Node runtime's streaming globals, reduced to what middy calls.
    (globalThis as Record<string, unknown>).awslambda = {
      streamifyResponse: (entry: StreamingEntry) => entry,
      HttpResponseStream: { from: (stream: Writable, prelude: unknown) => ((metadata = prelude), stream) },
    };
    try {
      const entry = createStreamingHandler(service) as unknown as StreamingEntry;
      const sink = new PassThrough();
      const chunks: Buffer[] = [];
      sink.on('data', (chunk: Buffer) => chunks.push(chunk));
      await entry(event, sink, context);
      expect(metadata).toEqual({
        statusCode: 200,
        headers: { 'content-type': 'image/png', 'x-path': event.rawPath },
      });
      expect(Buffer.concat(chunks)).toEqual(png);
    } finally {
      delete (globalThis as Record<string, unknown>).awslambda;
    }
  });

  it('logs the arriving request at DEBUG only in invocations sampled by POWERTOOLS_LOGGER_SAMPLE_RATE', async () => {
    const debugLines = async (sampleRate: string | undefined) => {
      if (sampleRate === undefined) delete process.env.POWERTOOLS_LOGGER_SAMPLE_RATE;
      else process.env.POWERTOOLS_LOGGER_SAMPLE_RATE = sampleRate;
      const stdout = captureStdout();
      try {
        await createBufferedHandler(service, createTelemetry(SERVICE_NAME.transform))(event, context);
        return stdout.jsonLines().filter((line) => line.message === 'request received');
      } finally {
        stdout.restore();
        delete process.env.POWERTOOLS_LOGGER_SAMPLE_RATE;
      }
    };
    expect(await debugLines(undefined)).toEqual([]);
    expect(await debugLines('1')).toEqual([
      expect.objectContaining({
        level: 'DEBUG',
        method: 'GET',
        rawPath: '/demo/tr:w-10/a%20b.png',
        rawQueryString: 'updatedAt=1',
        accept: 'image/webp',
      }),
    ]);
  });
});
