import { RekognitionClient } from '@aws-sdk/client-rekognition';
import sharp from 'sharp';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/emulators';
import { markerFaces, startRekognitionStub, type RekognitionStub } from '../../local/rekognition-stub';
import { animatedGif, colourAt, MAGENTA } from '../../test/support/images';
import { renderChain } from '../../test/support/render-chain';
import type { FaceBox, FaceDetector } from '../faces/face-detector';
import { createRekognitionFaceDetector } from '../faces/rekognition-detector';

/*
 * `fo-face` and `z` on real pixels, with faces from the Rekognition stub through the real SDK. The
 * source is 400x300 white with one "face": a 40x40 magenta square at (300, 60) whose middle 20x20
 * (310-330, 70-90) is red, so the centre of a crop and how much of the face it holds are both visible.
 */
const FACE: FaceBox = { left: 300 / 400, top: 60 / 300, width: 40 / 400, height: 40 / 300 };

let stub: RekognitionStub;
let client: RekognitionClient;
let detectFaces: FaceDetector;
let portrait: Buffer;

function square(size: number, colour: string) {
  return sharp({ create: { width: size, height: size, channels: 3, background: colour } })
    .png()
    .toBuffer();
}

/** White `width` x `height` with faces (magenta squares with a red middle) at the given corners. */
async function withFaces(
  width: number,
  height: number,
  corners: [number, number, number][],
): Promise<Buffer> {
  const layers = await Promise.all(
    corners.flatMap(([left, top, size]) => [
      square(size, '#ff00ff').then((input) => ({ input, left, top })),
      square(size / 2, '#ff0000').then((input) => ({ input, left: left + size / 4, top: top + size / 4 })),
    ]),
  );
  return sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite(layers)
    .png()
    .toBuffer();
}

const colours = (body: Buffer, points: [number, number][]) =>
  Promise.all(points.map(([x, y]) => colourAt(body, x, y)));

beforeAll(async () => {
  portrait = await withFaces(400, 300, [[300, 60, 40]]);
  stub = await startRekognitionStub({ faces: [FACE] });
  client = new RekognitionClient({
    endpoint: stub.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  detectFaces = createRekognitionFaceDetector(client);
});

afterEach(() => stub.setFaces([FACE]));

afterAll(async () => {
  client.destroy();
  await stub.close();
});

const render = (chain: string, body = portrait) => renderChain(body, `${chain},f-png`, { detectFaces });

describe('fo-face with the default crop (maintain ratio)', () => {
  it('crops to the face and resizes it to the output: w-100,h-100 is all face, red in the middle', async () => {
    const { body, metadata } = await render('w-100,h-100,fo-face');
    expect([metadata.width, metadata.height]).toEqual([100, 100]);
    expect(
      await colours(body, [
        [3, 3],
        [96, 96],
        [50, 50],
        [30, 70],
      ]),
    ).toEqual(['magenta', 'magenta', 'red', 'red']);
  });

  it('without fo-face the same size is a centre crop of the white background', async () => {
    const { body } = await render('w-100,h-100');
    expect(
      await colours(body, [
        [50, 50],
        [3, 3],
      ]),
    ).toEqual(['white', 'white']);
  });

  it('widens the region to the output aspect ratio, centred on the face', async () => {
    // 2:1 around a 40x40 face: 80x40 from (280, 60), scaled 2.5 times.
    const { body, metadata } = await render('w-200,h-100,fo-face');
    expect([metadata.width, metadata.height]).toEqual([200, 100]);
    expect(
      await colours(body, [
        [10, 50],
        [190, 50],
        [60, 5],
        [100, 50],
      ]),
    ).toEqual(['white', 'white', 'magenta', 'red']);
  });

  it('z-2 zooms in: only the red middle of the face is left', async () => {
    const { body } = await render('w-100,h-100,fo-face,z-2');
    expect(
      await colours(body, [
        [3, 3],
        [96, 96],
        [50, 50],
      ]),
    ).toEqual(['red', 'red', 'red']);
  });

  it('z-0.5 zooms out: twice the region, so the face fills the middle half', async () => {
    const { body } = await render('w-100,h-100,fo-face,z-0.5');
    // 80x80 from (280, 40): white outside 25-75, magenta ring, red from 37.5 to 62.5.
    expect(
      await colours(body, [
        [10, 10],
        [90, 50],
        [30, 30],
        [50, 50],
      ]),
    ).toEqual(['white', 'white', 'magenta', 'red']);
  });

  it('keeps the region inside the image when the zoom reaches past an edge', async () => {
    // 200x200 around (320, 80) moves to (200, 0); scaled by 0.5 the face sits at (50-70, 30-50).
    const { body, metadata } = await render('w-100,h-100,fo-face,z-0.2');
    expect([metadata.width, metadata.height]).toEqual([100, 100]);
    expect(
      await colours(body, [
        [60, 40],
        [52, 32],
        [5, 5],
        [95, 95],
        [40, 40],
      ]),
    ).toEqual(['red', 'magenta', 'white', 'white', 'white']);
  });

  it("with one side given keeps the image's aspect ratio, as without faces: w-80 is 80x60 around the face", async () => {
    // 4:3 around the 40x40 face: 53x40 from (294, 60), scaled to 80x60.
    const { body, metadata } = await render('w-80,fo-face');
    expect([metadata.width, metadata.height]).toEqual([80, 60]);
    expect(
      await colours(body, [
        [40, 30],
        [20, 30],
        [2, 30],
        [78, 30],
      ]),
    ).toEqual(['red', 'magenta', 'white', 'white']);
  });

  it('c-maintain_ratio_no_enlarge does not enlarge the face region: it is served at its own size', async () => {
    const { metadata } = await render('w-100,h-100,c-maintain_ratio_no_enlarge,fo-face');
    expect([metadata.width, metadata.height]).toEqual([40, 40]);
  });

  it('with no size at all crops tightly to the face', async () => {
    const { body, metadata } = await render('fo-face');
    expect([metadata.width, metadata.height]).toEqual([40, 40]);
    expect(
      await colours(body, [
        [1, 1],
        [20, 20],
      ]),
    ).toEqual(['magenta', 'red']);
  });

  it('keeps every face in the crop (ImageKit: "the face, or multiple faces")', async () => {
    const two = await withFaces(400, 300, [
      [300, 60, 40],
      [20, 200, 40],
    ]);
    stub.setFaces([FACE, { left: 20 / 400, top: 200 / 300, width: 40 / 400, height: 40 / 300 }]);
    // The faces span 20-340 x 60-240: a 320x180 region, at its own size.
    const { body, metadata } = await render('w-320,h-180,fo-face', two);
    expect([metadata.width, metadata.height]).toEqual([320, 180]);
    expect(
      await colours(body, [
        [300, 20],
        [20, 160],
        [160, 90],
        [282, 2],
        [2, 2],
      ]),
    ).toEqual(['red', 'red', 'white', 'magenta', 'white']);
  });

  it('falls back to the centre when no face is found: the same pixels as without fo-face', async () => {
    stub.setFaces([]);
    const face = await render('w-100,h-80,fo-face');
    const centre = await render('w-100,h-80');
    const raw = (body: Buffer) => sharp(body).raw().toBuffer();
    expect((await raw(face.body)).equals(await raw(centre.body))).toBe(true);
  });
});

describe('fo-face with cm-extract', () => {
  it('extracts the window around the face at its own scale', async () => {
    // 100x100 from (270, 30), 1:1.
    const { body, metadata } = await render('w-100,h-100,cm-extract,fo-face');
    expect([metadata.width, metadata.height]).toEqual([100, 100]);
    expect(
      await colours(body, [
        [50, 50],
        [35, 35],
        [25, 25],
        [5, 5],
      ]),
    ).toEqual(['red', 'magenta', 'white', 'white']);
  });

  it('z-2 extracts half the window around the face and scales it back to the size', async () => {
    // 50x50 from (295, 55), doubled: the face starts at 10 px.
    const { body, metadata } = await render('w-100,h-100,cm-extract,fo-face,z-2');
    expect([metadata.width, metadata.height]).toEqual([100, 100]);
    expect(
      await colours(body, [
        [5, 5],
        [14, 14],
        [50, 50],
      ]),
    ).toEqual(['white', 'magenta', 'red']);
  });
});

describe('what fo-face does not do', () => {
  it('leaves padding alone (cm-pad_resize has no crop to move) and asks for no faces', async () => {
    const before = stub.requests;
    const { metadata } = await render('w-100,h-100,cm-pad_resize,fo-face');
    expect([metadata.width, metadata.height]).toEqual([100, 100]);
    expect(stub.requests).toBe(before);
  });

  it('sends no image under 80x80 (Rekognition refuses them): a centre crop', async () => {
    const small = await withFaces(70, 60, [[50, 10, 12]]);
    const before = stub.requests;
    const { metadata } = await render('w-20,h-20,fo-face', small);
    expect([metadata.width, metadata.height]).toEqual([20, 20]);
    expect(stub.requests).toBe(before);
  });

  it('answers 400 naming the endpoint setting when no detector is given', async () => {
    await expect(renderChain(portrait, 'w-100,h-100,fo-face')).rejects.toMatchObject({
      code: 'EINVALID',
      status: 400,
      message: expect.stringContaining('settings.faceDetection'),
    });
  });

  it('refuses animated images, naming the parameter', async () => {
    await expect(
      renderChain(await animatedGif(), 'w-10,h-10,fo-face,f-gif', { detectFaces }),
    ).rejects.toMatchObject({
      code: 'EINVALID',
      message: expect.stringContaining('"fo-face"'),
    });
  });

  it('turns a failing Rekognition into a 5xx dependency failure, not a crash', async () => {
    stub.failNext(1, 'InternalServerError');
    await expect(render('w-100,h-100,fo-face')).rejects.toMatchObject({ code: 'UNIDENTIFIED', status: 503 });
  });
});

describe('detection runs on the pixels of the step that asks', () => {
  it('finds the face where an earlier step moved it', async () => {
    stub.setFaces(markerFaces(MAGENTA));
    // Step 1 keeps the top-right 200x150, so the face moves to (100, 60); step 2 crops around it there.
    const { body, metadata } = await render('w-200,h-150,cm-extract,fo-top_right:w-60,h-60,fo-face');
    expect([metadata.width, metadata.height]).toEqual([60, 60]);
    expect(
      await colours(body, [
        [4, 4],
        [55, 55],
        [30, 30],
      ]),
    ).toEqual(['magenta', 'magenta', 'red']);
    const sent = await sharp(stub.lastImage).metadata();
    expect([sent.format, sent.width, sent.height]).toEqual(['jpeg', 200, 150]);
  });

  it('works inside a layer: the face of the layer image, placed on the base', async () => {
    const base = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#0000ff' } })
      .png()
      .toBuffer();
    const { body, metadata } = await renderChain(
      base,
      'l-image,i-people@@ada.png,t-false,w-50,h-50,fo-face,lx-10,ly-10,l-end,f-png',
      { detectFaces, layerAssets: { 'people/ada.png': portrait } },
    );
    expect([metadata.width, metadata.height]).toEqual([200, 200]);
    expect(
      await colours(body, [
        [12, 12],
        [35, 35],
        [100, 100],
      ]),
    ).toEqual(['magenta', 'red', 'blue']);
  });

  it('sends a JPEG of at most 1920 px a side', async () => {
    const large = await withFaces(3000, 2000, [[2000, 500, 300]]);
    stub.setFaces([{ left: 2000 / 3000, top: 500 / 2000, width: 300 / 3000, height: 300 / 2000 }]);
    const { body } = await render('w-100,h-100,fo-face', large);
    expect(
      await colours(body, [
        [3, 3],
        [50, 50],
      ]),
    ).toEqual(['magenta', 'red']);
    const sent = await sharp(stub.lastImage).metadata();
    expect([sent.format, sent.width, sent.height]).toEqual(['jpeg', 1920, 1280]);
  });
});
