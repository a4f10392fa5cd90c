/** A face's bounding box as ratios of the image it was found in (Rekognition's `BoundingBox`), 0-1. */
export interface FaceBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * Finds faces in an encoded image (JPEG or PNG, at most {@link MAX_DETECTION_BYTES}). An empty list
 * means "no faces"; a failure of the detection service (or `signal` aborting) throws an `ImageError`.
 */
export type FaceDetector = (image: Buffer, options?: { signal?: AbortSignal }) => Promise<readonly FaceBox[]>;

/** Rekognition accepts image bytes up to 5 MB. */
export const MAX_DETECTION_BYTES = 5 * 1024 * 1024;

/** Rekognition refuses images under 80 px on a side. */
export const MIN_DETECTION_SIDE = 80;
