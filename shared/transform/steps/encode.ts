import type { Sharp } from 'sharp';
import type { OutputPlan } from '../output-plan';
import { WHITE, type Size } from '../geometry';
import { avifEffortFor } from './avif-effort';

/**
 * Encoder settings, chosen for latency on Lambda: AVIF at effort 1 or 3 by output size (libaom's default
 * 4 is 5-10x slower for a few percent of size; see `avif-effort.ts`), WebP at its default effort 4, JPEG
 * without mozjpeg's trellis pass. `size` is the output's (one frame).
 */
export function encode(image: Sharp, plan: OutputPlan, sourceHasIccProfile: boolean, size: Size): Sharp {
  if (plan.keepMetadata) image.keepMetadata();
  else if (plan.keepColorProfile) image.keepIccProfile();
  // Converting to sRGB and tagging it keeps colours right in browsers that honour profiles.
  else if (sourceHasIccProfile) image.withIccProfile('srgb');

  const { quality, lossless, progressive } = plan;
  // Only set when the endpoint chose: each encoder keeps its own default otherwise.
  const chroma = plan.chromaSubsampling ? { chromaSubsampling: plan.chromaSubsampling } : {};
  switch (plan.format) {
    case 'jpeg':
      return image
        .flatten({ background: plan.background ?? WHITE })
        .jpeg({ quality, progressive, ...chroma });
    case 'png':
      return image.png(plan.palette ? { progressive, palette: true, quality } : { progressive });
    case 'webp':
      return image.webp({ quality, lossless, effort: 4 });
    case 'avif':
      return image.avif({ quality, lossless, effort: avifEffortFor(size), ...chroma });
    case 'gif':
      return image.gif({ interFrameMaxError: 0, progressive });
  }
}
