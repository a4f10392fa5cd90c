import { DetectFacesCommand, type RekognitionClient } from '@aws-sdk/client-rekognition';
import { fromDependencySdkError } from '../aws/sdk-errors';
import type { FaceBox, FaceDetector } from './face-detector';

export interface RekognitionDetectorOptions {
  /** Faces found with less confidence (percent) are ignored. @default 80 */
  minConfidence?: number;
}

const clamp01 = (value: number) => Math.min(Math.max(value, 0), 1);

/**
 * Face detection with Amazon Rekognition `DetectFaces` (image bytes, default attributes). Boxes reaching
 * past the image (Rekognition returns them for faces at an edge) are clipped to it. Any failure is one
 * of our dependencies failing: 503 when it may pass (throttling, 5xx, network), else 500.
 */
export function createRekognitionFaceDetector(
  client: RekognitionClient,
  options: RekognitionDetectorOptions = {},
): FaceDetector {
  const minConfidence = options.minConfidence ?? 80;
  return async (image, { signal } = {}) => {
    const response = await client
      .send(new DetectFacesCommand({ Image: { Bytes: image }, Attributes: ['DEFAULT'] }), {
        abortSignal: signal,
      })
      .catch((error: unknown) => {
        throw fromDependencySdkError(error, 'Rekognition DetectFaces');
      });
    return (response.FaceDetails ?? []).flatMap((detail): FaceBox[] => {
      const box = detail.BoundingBox;
      if (!box || (detail.Confidence ?? 0) < minConfidence) return [];
      const left = clamp01(box.Left ?? 0);
      const top = clamp01(box.Top ?? 0);
      const width = clamp01((box.Left ?? 0) + (box.Width ?? 0)) - left;
      const height = clamp01((box.Top ?? 0) + (box.Height ?? 0)) - top;
      return width > 0 && height > 0 ? [{ left, top, width, height }] : [];
    });
  };
}
