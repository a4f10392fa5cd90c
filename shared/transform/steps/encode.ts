import type { Sharp } from 'sharp';
import type { OutputPlan } from '../output-plan';
import { WHITE, type Size } from '../geometry';
import { avifEffortFor } from './avif-effort';

/**
 * mozjpeg's quantisation table 2, "tuned for MS-SSIM", for `q-auto` JPEGs only (fixed qualities keep the
 * standard table users know). At equal SSIM it saves ~5% over the standard table, also at half scale,
 * at no extra encode time (`bench/quality-table.ts`). Trellis quantisation would save more but costs
 * 10x the encode time; the flat table 1 scores higher full-size SSIM but worse at half scale.
 */
const PERCEPTUAL_JPEG = { quantisationTable: 2 } as const;

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
        .jpeg({ quality, progressive, ...chroma, ...(plan.autoQuality ? PERCEPTUAL_JPEG : {}) });
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
