import { randomUUID } from 'node:crypto';
import { colourBox } from './colour-box';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import type { FaceBox } from '../shared/faces/face-detector';

/** Error codes the stub can be told to answer with, with the status Rekognition sends them with. */
const FAILURE_STATUS = {
  ThrottlingException: 500,
  ProvisionedThroughputExceededException: 400,
  InternalServerError: 500,
  AccessDeniedException: 400,
} as const;
export type RekognitionStubFailure = keyof typeof FAILURE_STATUS;

/** The faces to answer: fixed boxes, or boxes found in the decoded image (to follow chained crops). */
export type StubFaces =
  readonly FaceBox[] | ((image: { width: number; height: number; data: Buffer }) => FaceBox[]);

export interface RekognitionStubOptions {
  /** @default [] (no faces) */
  faces?: StubFaces;
}

/** A local stand-in for Amazon Rekognition's `DetectFaces` (JSON 1.1 protocol). */
export interface RekognitionStub {
  /** Base URL for `new RekognitionClient({ endpoint })`. */
  endpoint: string;
  /** DetectFaces requests received, refused ones included. */
  readonly requests: number;
  /** The image bytes of the last request that carried a valid image. */
  readonly lastImage: Buffer | undefined;
  setFaces(faces: StubFaces): void;
  /** Refuses the next `count` requests with `code`. */
  failNext(count: number, code?: RekognitionStubFailure): void;
  /** Never answers the next `count` requests (a hung connection; `close` ends them). */
  stallNext(count: number): void;
  close(): Promise<void>;
}

const TARGET = 'RekognitionService.DetectFaces';
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const MIN_SIDE = 80;

class StubError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
  ) {}
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const isJpeg = (bytes: Buffer) => bytes[0] === 0xff && bytes[1] === 0xd8;
const isPng = (bytes: Buffer) => bytes.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47]));

/** The decoded request image, refused the way Rekognition refuses it. */
async function requestImage(body: string): Promise<Buffer> {
  let parsed: { Image?: { Bytes?: unknown } };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    throw new StubError(400, 'SerializationException', 'The request body is not JSON');
  }
  const encoded = parsed.Image?.Bytes;
  if (typeof encoded !== 'string')
    throw new StubError(400, 'InvalidParameterException', 'Image.Bytes is required');
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length > MAX_IMAGE_BYTES)
    throw new StubError(400, 'ImageTooLargeException', 'Image size is too large.');
  if (!isJpeg(bytes) && !isPng(bytes))
    throw new StubError(400, 'InvalidImageFormatException', 'Request has unsupported image format');
  const { width = 0, height = 0 } = await sharp(bytes).metadata();
  if (width < MIN_SIDE || height < MIN_SIDE)
    throw new StubError(400, 'InvalidParameterException', 'Image is smaller than 80x80 pixels');
  return bytes;
}

/**
 * Starts the stub on 127.0.0.1 (port 0). It answers `POST /` with `X-Amz-Target:
 * RekognitionService.DetectFaces` in Rekognition's JSON 1.1 shapes (`FaceDetails[].BoundingBox` as
 * ratios, `Confidence`), refuses what Rekognition refuses (not JPEG/PNG, over 5 MB, under 80x80), and
 * can be told to fail the next N requests. Point the real `@aws-sdk/client-rekognition` at `endpoint`
 * (any region and static credentials) so the SDK's own serialisation, parsing and retries run.
 */
export async function startRekognitionStub(options: RekognitionStubOptions = {}): Promise<RekognitionStub> {
  let faces: StubFaces = options.faces ?? [];
  const failures: RekognitionStubFailure[] = [];
  let requests = 0;
  let stalls = 0;
  let lastImage: Buffer | undefined;

  async function detect(body: string): Promise<unknown> {
    requests += 1;
    if (stalls > 0) {
      stalls -= 1;
      await new Promise<never>(() => undefined);
    }
    const failure = failures.shift();
    if (failure) throw new StubError(FAILURE_STATUS[failure], failure, `${failure} (stubbed)`);
    const image = await requestImage(body);
    lastImage = image;
    let boxes: readonly FaceBox[];
    if (typeof faces === 'function') {
      const { data, info } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      boxes = faces({ width: info.width, height: info.height, data });
    } else {
      boxes = faces;
    }
    return {
      FaceDetails: boxes.map((box) => ({
        BoundingBox: { Width: box.width, Height: box.height, Left: box.left, Top: box.top },
        Confidence: 99.9,
      })),
    };
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST' || (request.url ?? '/') !== '/')
      throw new StubError(404, 'UnknownOperationException', `No route for ${request.method} ${request.url}`);
    if (request.headers['x-amz-target'] !== TARGET)
      throw new StubError(
        400,
        'UnknownOperationException',
        `Unsupported target ${request.headers['x-amz-target']}`,
      );
    const answer = await detect(await readBody(request));
    response.writeHead(200, {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-requestid': randomUUID(),
    });
    response.end(JSON.stringify(answer));
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      const stubError =
        error instanceof StubError ? error : new StubError(500, 'InternalServerError', String(error));
      response.writeHead(stubError.status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-requestid': randomUUID(),
        'x-amzn-errortype': stubError.code,
      });
      response.end(JSON.stringify({ __type: stubError.code, Message: stubError.message }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    get lastImage() {
      return lastImage;
    },
    setFaces(next) {
      faces = next;
    },
    failNext(count, code = 'InternalServerError') {
      for (let index = 0; index < count; index += 1) failures.push(code);
    },
    stallNext(count) {
      stalls += count;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A face finder for the stub: the bounding box of the pixels within `tolerance` of `colour` on every
 * channel (a test image paints its "face" in a marker colour), or no face when there are none.
 */
export function markerFaces(colour: { r: number; g: number; b: number }, tolerance = 40): StubFaces {
  return ({ width, height, data }) => {
    const box = colourBox({ data, width, height, channels: 3 }, colour, tolerance);
    if (box === undefined) return [];
    return [
      {
        left: box.left / width,
        top: box.top / height,
        width: box.width / width,
        height: box.height / height,
      },
    ];
  };
}
