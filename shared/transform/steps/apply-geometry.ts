import type { Sharp } from 'sharp';
import type { Rgba } from '../../url/transform-spec';
import type { GeometryPlan } from '../geometry';

/**
 * Applies a geometry plan in the order sharp executes it (extract, resize, crop, pad), so one sharp
 * pipeline does the work and JPEG/WebP shrink-on-load still applies.
 */
export function applyGeometry(image: Sharp, plan: GeometryPlan, background: Rgba): Sharp {
  if (plan.extract) image.extract(plan.extract);
  if (plan.attentionCrop) {
    image.resize({ ...plan.attentionCrop, fit: 'cover', position: 'attention' });
  } else if (plan.resize) {
    image.resize({ ...plan.resize, fit: 'fill' });
  }
  if (plan.crop) image.extract(plan.crop);
  if (plan.pad) image.extend({ ...plan.pad, background });
  return image;
}
