import sharp from 'sharp';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/emulators';
import { startRekognitionStub, type RekognitionStub } from '../../local/rekognition-stub';
import { loadConfig } from '../config/config';
import { ENV } from '../config/env-names';
import { composeFaceDetector } from './compose-detector';

let stub: RekognitionStub;

beforeAll(async () => {
  stub = await startRekognitionStub({ faces: [{ left: 0.25, top: 0.25, width: 0.5, height: 0.5 }] });
});
afterAll(() => stub.close());

const clientDefaults = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };

describe('composeFaceDetector', () => {
  it('gives no detector unless the deployment enables face detection', () => {
    expect(composeFaceDetector(loadConfig({}), clientDefaults)).toBeUndefined();
    expect(composeFaceDetector(loadConfig({ [ENV.faceDetection]: 'false' }), clientDefaults)).toBeUndefined();
  });

  it('calls Rekognition at the configured endpoint, once per image bytes', async () => {
    const config = loadConfig({ [ENV.faceDetection]: 'true', [ENV.rekognitionEndpoint]: stub.endpoint });
    const detect = composeFaceDetector(config, clientDefaults);
    expect(stub.requests).toBe(0);
    const image = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#fff' } })
      .jpeg()
      .toBuffer();
    expect(await detect?.(image)).toEqual([{ left: 0.25, top: 0.25, width: 0.5, height: 0.5 }]);
    await detect?.(image);
    expect(stub.requests).toBe(1);
  });
});

describe(`${ENV.faceDetection}`, () => {
  it('is true or false, and anything else fails the cold start naming it', () => {
    expect(loadConfig({ [ENV.faceDetection]: 'true' }).faceDetection).toBe(true);
    expect(loadConfig({}).faceDetection).toBe(false);
    expect(() => loadConfig({ [ENV.faceDetection]: 'yes' })).toThrow(ENV.faceDetection);
  });
});
