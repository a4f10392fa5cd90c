import type { AwsClientDefaults } from '../aws/client-defaults';
import type { ServiceConfig } from '../config/config';
import type { FaceDetector } from './face-detector';

/**
 * The deployment's face detector: Rekognition (with a per-bytes cache) when the stage enables it, else
 * none. The Rekognition client loads on the first `fo-face`, so other cold starts never pay for it.
 */
export function composeFaceDetector(
  config: Pick<ServiceConfig, 'faceDetection' | 'rekognitionEndpoint'>,
  clientDefaults: AwsClientDefaults = {},
): FaceDetector | undefined {
  if (!config.faceDetection) return undefined;
  let detector: Promise<FaceDetector> | undefined;
  const load = async (): Promise<FaceDetector> => {
    const [{ RekognitionClient }, { createRekognitionFaceDetector }, { cachedFaceDetector }] =
      await Promise.all([
        import('@aws-sdk/client-rekognition'),
        import('./rekognition-detector'),
        import('./cached-detector'),
      ]);
    // One retry, each attempt bounded: DetectFaces answers in well under a second, and the request's
    // deadline (its abort signal) must still be able to answer a clean 503 before Lambda's timeout.
    const client = new RekognitionClient({
      ...clientDefaults,
      endpoint: config.rekognitionEndpoint,
      maxAttempts: 2,
      requestHandler: { connectionTimeout: 1_000, requestTimeout: 5_000 },
    });
    return cachedFaceDetector(createRekognitionFaceDetector(client));
  };
  return async (image, options) => {
    // A failed load is not kept: the next request tries again.
    detector ??= load().catch((error: unknown) => {
      detector = undefined;
      throw error;
    });
    return (await detector)(image, options);
  };
}
