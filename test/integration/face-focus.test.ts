import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { ENV } from '../../shared/config/env-names';
import { colourAt } from '../support/images';
import { startTestStack, type TestStack } from '../support/stack';

/*
 * `fo-face` through the real handler: s3rver holds the original, dynalite the endpoints, and the
 * Rekognition stub answers DetectFaces through the real SDK client the service composes.
 */
type Stack = TestStack & { dispose(): Promise<void> };
let stack: Stack;

/**
 * 400x300 white with a 40x40 magenta face at (300, 60), red in its middle 20x20. Each `variant` adds a
 * grey dot at the bottom left: other bytes, so the per-image face cache does not answer for it.
 */
async function portrait(variant = 0): Promise<Buffer> {
  const square = (size: number, colour: string) =>
    sharp({ create: { width: size, height: size, channels: 3, background: colour } })
      .png()
      .toBuffer();
  return sharp({ create: { width: 400, height: 300, channels: 3, background: '#ffffff' } })
    .composite([
      { input: await square(40, '#ff00ff'), left: 300, top: 60 },
      { input: await square(20, '#ff0000'), left: 310, top: 70 },
      ...(variant > 0 ? [{ input: await square(2, '#808080'), left: variant * 2, top: 290 }] : []),
    ])
    .png()
    .toBuffer();
}

const FACE = { left: 300 / 400, top: 60 / 300, width: 40 / 400, height: 40 / 300 };

beforeAll(async () => {
  stack = await startTestStack({ faces: [FACE] });
  await putObject(stack, DEMO_BUCKET, 'people/ada.png', await portrait(), 'image/png');
  await putObject(stack, DEMO_BUCKET, 'people/bob.png', await portrait(1), 'image/png');
  await putObject(stack, DEMO_BUCKET, 'people/cy.png', await portrait(2), 'image/png');
  await stack.putEndpoint({
    id: 'faces',
    origins: [{ type: 's3', bucket: DEMO_BUCKET }],
    settings: { faceDetection: true, namedTransformations: { avatar: 'w-50,h-50,fo-face' } },
  });
  await stack.putEndpoint({ id: 'plain', origins: [{ type: 's3', bucket: DEMO_BUCKET }] });
});

afterAll(() => stack.dispose());

describe('fo-face behind the local function URL', () => {
  it('crops around the face Rekognition reports', async () => {
    const response = await stack.get('/faces/tr:w-100,h-100,fo-face,f-png/people/ada.png');
    expect(response.status).toBe(200);
    const metadata = await sharp(response.body).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['png', 100, 100]);
    expect([await colourAt(response.body, 3, 3), await colourAt(response.body, 50, 50)]).toEqual([
      'magenta',
      'red',
    ]);
  });

  it('asks Rekognition once per image: another format of the same crop reuses the faces', async () => {
    await stack.get('/faces/tr:w-120,h-120,fo-face,f-png/people/ada.png');
    const asked = stack.rekognition.requests;
    const again = await stack.get('/faces/tr:w-120,h-120,fo-face,f-webp/people/ada.png');
    expect(again.status).toBe(200);
    expect(stack.rekognition.requests).toBe(asked);
  });

  it('works in named transformations, and z zooms in', async () => {
    const named = await stack.get('/faces/tr:n-avatar,f-png/people/ada.png');
    expect(named.status).toBe(200);
    expect(await colourAt(named.body, 2, 2)).toBe('magenta');
    const zoomed = await stack.get('/faces/tr:w-100,h-100,fo-face,z-2,f-png/people/ada.png');
    expect(await colourAt(zoomed.body, 2, 2)).toBe('red');
  });

  it('answers 400 EINVALID naming settings.faceDetection on an endpoint without it, before fetching', async () => {
    const asked = stack.rekognition.requests;
    const response = await stack.get('/plain/tr:w-100,h-100,fo-face/people/ada.png');
    expect(response.status).toBe(400);
    expect(response.headers.get('x-imgfront-error')).toBe('EINVALID');
    expect(response.body.toString()).toContain('settings.faceDetection');
    // Even for a file that does not exist: the request is refused first.
    const missing = await stack.get('/plain/tr:fo-face/people/nobody.png');
    expect([missing.status, missing.headers.get('x-imgfront-error')]).toEqual([400, 'EINVALID']);
    // And inside a layer.
    const layered = await stack.get(
      '/plain/tr:l-image,i-people@@ada.png,w-50,h-50,fo-face,l-end/people/ada.png',
    );
    expect(layered.status).toBe(400);
    expect(layered.body.toString()).toContain('settings.faceDetection');
    expect(stack.rekognition.requests).toBe(asked);
  });

  it('answers 400 for z without fo-face, naming it', async () => {
    const response = await stack.get('/faces/tr:w-100,h-100,z-2/people/ada.png');
    expect(response.status).toBe(400);
    expect(response.body.toString()).toContain('"z"');
  });

  it('answers a failing Rekognition with a short-lived 503 and the error header, and keeps serving', async () => {
    stack.rekognition.failNext(2, 'ThrottlingException');
    const response = await stack.get('/faces/tr:w-90,h-90,fo-face/people/bob.png');
    expect(response.status).toBe(503);
    expect(response.headers.get('x-imgfront-error')).toBe('UNIDENTIFIED');
    expect(response.headers.get('server-timing')).toMatch(/total;dur=/);
    expect(response.body.toString()).not.toContain('Throttling');
    const maxAge = Number(/max-age=(\d+)/.exec(response.headers.get('cache-control') ?? '')?.[1]);
    expect(maxAge).toBeLessThanOrEqual(60);
    expect(stack.logs.at(-1)).toMatchObject({ status: 503, errorCode: 'UNIDENTIFIED' });
    expect(stack.logs.at(-1)?.error).toContain('ThrottlingException');

    const next = await stack.get('/faces/tr:w-90,h-90,fo-face/people/bob.png');
    expect(next.status).toBe(200);
  });

  it('falls back to the centre when Rekognition finds no face', async () => {
    stack.rekognition.setFaces([]);
    try {
      const response = await stack.get('/faces/tr:w-100,h-100,fo-face,f-png/people/cy.png');
      expect(response.status).toBe(200);
      expect(await colourAt(response.body, 50, 50)).toBe('white');
    } finally {
      stack.rekognition.setFaces([FACE]);
    }
  });
});

describe('a deployment whose stage leaves face detection off', () => {
  let off: Stack;

  beforeAll(async () => {
    off = await startTestStack({ env: { [ENV.faceDetection]: 'false' } });
    await off.putEndpoint({
      id: 'faces',
      origins: [{ type: 's3', bucket: DEMO_BUCKET }],
      settings: { faceDetection: true },
    });
  });

  afterAll(() => off.dispose());

  it('answers 400 naming the stage option, and never calls Rekognition', async () => {
    const response = await off.get('/faces/tr:w-100,h-100,fo-face/people/ada.png');
    expect(response.status).toBe(400);
    expect(response.body.toString()).toContain('stage option faceDetection');
    expect(off.rekognition.requests).toBe(0);
  });
});
