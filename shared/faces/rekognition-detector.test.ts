import { DetectFacesCommand, RekognitionClient } from '@aws-sdk/client-rekognition';
import sharp from 'sharp';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/emulators';
import { markerFaces, startRekognitionStub, type RekognitionStub } from '../../local/rekognition-stub';
import { ImageError } from '../errors/image-error';
import { cachedFaceDetector } from './cached-detector';
import { createRekognitionFaceDetector } from './rekognition-detector';

let stub: RekognitionStub;
let client: RekognitionClient;
let jpeg: Buffer;

/** A 200x100 white JPEG with a 40x20 red "face" at (120, 60). */
async function faceJpeg(): Promise<Buffer> {
  const face = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#ff0000' } })
    .png()
    .toBuffer();
  return sharp({ create: { width: 200, height: 100, channels: 3, background: '#ffffff' } })
    .composite([{ input: face, left: 120, top: 60 }])
    .jpeg({ quality: 95 })
    .toBuffer();
}

beforeAll(async () => {
  jpeg = await faceJpeg();
});

beforeEach(async () => {
  stub = await startRekognitionStub();
  client = new RekognitionClient({
    endpoint: stub.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 2,
  });
});

afterEach(async () => {
  client.destroy();
  await stub.close();
});

describe('the Rekognition stub, through the real SDK', () => {
  it("answers DetectFaces with the configured boxes in Rekognition's shape", async () => {
    stub.setFaces([{ left: 0.1, top: 0.2, width: 0.3, height: 0.4 }]);
    const response = await client.send(new DetectFacesCommand({ Image: { Bytes: jpeg } }));
    expect(response.FaceDetails).toEqual([
      { BoundingBox: { Left: 0.1, Top: 0.2, Width: 0.3, Height: 0.4 }, Confidence: 99.9 },
    ]);
    expect(stub.lastImage?.equals(jpeg)).toBe(true);
  });

  it('finds a marker-coloured "face" in the pixels it receives', async () => {
    stub.setFaces(markerFaces({ r: 255, g: 0, b: 0 }));
    const [face] = (await client.send(new DetectFacesCommand({ Image: { Bytes: jpeg } }))).FaceDetails ?? [];
    // JPEG blurs the edges by a pixel or two.
    expect(face?.BoundingBox?.Left).toBeCloseTo(120 / 200, 1);
    expect(face?.BoundingBox?.Top).toBeCloseTo(60 / 100, 1);
    expect(face?.BoundingBox?.Width).toBeCloseTo(40 / 200, 1);
    expect(face?.BoundingBox?.Height).toBeCloseTo(20 / 100, 1);
  });

  it('refuses what Rekognition refuses: a GIF, and an image under 80x80', async () => {
    const gif = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#fff' } })
      .gif()
      .toBuffer();
    const tiny = await sharp({ create: { width: 50, height: 50, channels: 3, background: '#fff' } })
      .jpeg()
      .toBuffer();
    await expect(client.send(new DetectFacesCommand({ Image: { Bytes: gif } }))).rejects.toMatchObject({
      name: 'InvalidImageFormatException',
      $metadata: { httpStatusCode: 400 },
    });
    await expect(client.send(new DetectFacesCommand({ Image: { Bytes: tiny } }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });

  it('fails when told to; the SDK retries a 5xx by itself', async () => {
    stub.failNext(1, 'InternalServerError');
    await expect(client.send(new DetectFacesCommand({ Image: { Bytes: jpeg } }))).resolves.toBeDefined();
    expect(stub.requests).toBe(2);
  });
});

describe('createRekognitionFaceDetector', () => {
  it('returns the boxes as ratios, drops unsure faces and clips boxes to the image', async () => {
    stub.setFaces([
      { left: 0.5, top: 0.25, width: 0.25, height: 0.5 },
      { left: -0.1, top: 0.9, width: 0.3, height: 0.2 },
    ]);
    const detect = createRekognitionFaceDetector(client);
    const faces = await detect(jpeg);
    expect(faces).toHaveLength(2);
    expect(faces[0]).toEqual({ left: 0.5, top: 0.25, width: 0.25, height: 0.5 });
    expect(faces[1]?.left).toBe(0);
    expect(faces[1]?.width).toBeCloseTo(0.2);
    expect(faces[1]?.top).toBeCloseTo(0.9);
    expect(faces[1]?.height).toBeCloseTo(0.1);
    expect(await createRekognitionFaceDetector(client, { minConfidence: 99.95 })(jpeg)).toEqual([]);
  });

  it.each([
    ['InternalServerError', 503, true],
    ['ThrottlingException', 503, true],
    ['AccessDeniedException', 500, false],
  ] as const)('maps %s to a dependency failure (%i), never a crash', async (code, status, retryable) => {
    stub.failNext(5, code);
    const failure = await createRekognitionFaceDetector(client)(jpeg).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ImageError);
    expect(failure).toMatchObject({ code: 'UNIDENTIFIED', status, retryable, message: 'Internal error' });
    expect((failure as ImageError).internal).toContain(code);
  });

  it('ends a hung call when the signal (the request deadline) aborts: a retryable 503, soon', async () => {
    stub.stallNext(1);
    const started = Date.now();
    const failure = await createRekognitionFaceDetector(client)(jpeg, {
      signal: AbortSignal.timeout(200),
    }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'UNIDENTIFIED', status: 503, retryable: true });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('maps an unreachable service to a retryable 503', async () => {
    await stub.close();
    const failure = await createRekognitionFaceDetector(client)(jpeg).catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'UNIDENTIFIED', status: 503 });
    stub = await startRekognitionStub();
  });
});

describe('cachedFaceDetector', () => {
  it('asks once per image bytes, and again for other bytes', async () => {
    stub.setFaces([{ left: 0.5, top: 0.5, width: 0.1, height: 0.1 }]);
    const detect = cachedFaceDetector(createRekognitionFaceDetector(client));
    await detect(jpeg);
    await detect(Buffer.from(jpeg));
    expect(stub.requests).toBe(1);
    await detect(await sharp(jpeg).jpeg({ quality: 50 }).toBuffer());
    expect(stub.requests).toBe(2);
  });

  it('does not remember a failure', async () => {
    stub.failNext(2);
    const detect = cachedFaceDetector(createRekognitionFaceDetector(client));
    await expect(detect(jpeg)).rejects.toBeInstanceOf(ImageError);
    await expect(detect(jpeg)).resolves.toEqual([]);
  });
});
