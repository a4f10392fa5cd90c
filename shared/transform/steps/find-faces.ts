import type { Sharp } from 'sharp';
import {
  MAX_DETECTION_BYTES,
  MIN_DETECTION_SIDE,
  type FaceBox,
  type FaceDetector,
} from '../../faces/face-detector';
import type { Size } from '../geometry';

/**
 * Rekognition finds faces of 40 px in a 1920x1080 image and needs larger ones in larger images, so
 * sending more pixels than this finds nothing more; boxes come back as ratios, so the scale is free.
 */
const DETECTION_SIDE = 1920;
const QUALITIES = [85, 60] as const;

/**
 * The faces in the image as it is now (the pixels of the step asking), as ratios of its size: a JPEG
 * copy of at most 1920 px a side and 5 MB is sent to the detector. An image under Rekognition's 80 px
 * minimum has no faces to find.
 */
export async function facesIn(
  image: Sharp,
  size: Size,
  detect: FaceDetector,
  signal?: AbortSignal,
): Promise<readonly FaceBox[]> {
  const scale = Math.min(1, DETECTION_SIDE / Math.max(size.width, size.height));
  const width = Math.round(size.width * scale);
  const height = Math.round(size.height * scale);
  if (width < MIN_DETECTION_SIDE || height < MIN_DETECTION_SIDE) return [];
  for (const quality of QUALITIES) {
    const jpeg = await image
      .clone()
      .resize({ width, height, fit: 'fill' })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality })
      .toBuffer();
    if (jpeg.byteLength <= MAX_DETECTION_BYTES) return detect(jpeg, { signal });
  }
  return [];
}
