import type { Sharp } from 'sharp';
import type { OutputPlan } from '../output-plan';
import { WHITE, type Size } from '../geometry';
import { avifEffortFor } from './avif-effort';

/**
 * Encoder settings, chosen for latency on Lambda: AVIF at effort 2 or 3 by output size (libaom's default
 * 4 is 5-10x slower for a few percent of size; see `avif-effort.ts`), WebP at its default effort 4, JPEG
 * without mozjpeg's trellis pass. `size` is the output's (one frame).
 */
export function encode(image: Sharp, plan: OutputPlan, sourceHasIccProfile: boolean, size: Size): Sharp {
  if (plan.keepMetadata) image.keepMetadata();
  else if (plan.keepColorProfile) image.keepIccProfile();
  // Converting to sRGB and tagging it keeps colours right in browsers that honour profiles.
  else if (sourceHasIccProfile) image.withIccProfile('srgb');

  const { quality, lossless, progressive } = plan;
  switch (plan.format) {
    case 'jpeg':
      return image.flatten({ background: plan.background ?? WHITE }).jpeg({ quality, progressive });
    case 'png':
      return image.png({ progressive });
    case 'webp':
      return image.webp({ quality, lossless, effort: 4 });
    case 'avif':
      return image.avif({ quality, lossless, effort: avifEffortFor(size) });
    case 'gif':
      return image.gif({ interFrameMaxError: 0, progressive });
  }
}
