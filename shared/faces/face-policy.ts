import { invalid } from '../errors/image-error';
import type { TransformStep } from '../url/transform-spec';
import type { FaceDetector } from './face-detector';

export const FACE_DETECTION_OFF =
  'Parameter "fo-face" needs face detection: turn on the endpoint setting settings.faceDetection';
export const FACE_DETECTION_UNDEPLOYED =
  'Parameter "fo-face" needs face detection, which this deployment does not enable (stage option faceDetection)';

/** Whether any step, layer or branch anywhere in the chain asks for `fo-face`. */
function asksForFaces(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(asksForFaces);
  if (typeof value !== 'object' || value === null) return false;
  const step = value as Record<string, unknown>;
  return step.focus === 'face' || Object.values(step).some(asksForFaces);
}

/**
 * The detector a request may use, decided before the original is fetched: none when the chain has no
 * `fo-face`; a 400 naming what to turn on when the endpoint (or the deployment) has face detection off.
 */
export function faceDetectorFor(
  steps: readonly TransformStep[],
  settings: { faceDetection: boolean },
  detector: FaceDetector | undefined,
): FaceDetector | undefined {
  if (!asksForFaces(steps)) return undefined;
  if (!settings.faceDetection) throw invalid(FACE_DETECTION_OFF);
  if (detector === undefined) throw invalid(FACE_DETECTION_UNDEPLOYED);
  return detector;
}
