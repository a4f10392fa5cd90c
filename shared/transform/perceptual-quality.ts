import sharp, { type Sharp } from 'sharp';
import { AUTO_QUALITY_TARGETS } from '../registry/encoder-settings';
import type { Deadline } from '../runtime/deadline';
import { WHITE } from './geometry';
import type { AutoQualityPlan, OutputPlan } from './output-plan';
import { probeMosaic, type RawPixels } from './quality-probe';
import { comparablePixels, similarity } from './similarity';
import { encode } from './steps/encode';

export interface PerceptualResult {
  body: Buffer;
  width: number;
  height: number;
  quality: number;
  /** SSIM of the chosen quality to the unencoded pixels it was judged on (the probe mosaic, or the output). */
  score: number;
  /** Encodes spent, the final full-size one included. */
  encodes: number;
}

/** The default SSIM target of a format `q-auto` searches (only lossy formats reach here). */
function targetFor(format: OutputPlan['format']): number {
  return format === 'jpeg' || format === 'webp' || format === 'avif' ? AUTO_QUALITY_TARGETS[format] : 1;
}

/**
 * `q-auto`: a binary search over [minQuality, maxQuality] for the lowest quality whose SSIM to the
 * unencoded pixels reaches the target, then the answer at that quality, in at most `maxEncodes`
 * encodes. On outputs big enough, the search encodes only a probe mosaic of a few percent of the
 * output's tiles (`quality-probe.ts`) and one full encode follows; on small outputs it searches the
 * output itself and the answer is one of its probes. When no probe reaches the target, the answer is
 * `maxQuality`. Same pixels and settings, same bytes. The deadline is checked before every encode.
 */
export async function encodeAtPerceptualQuality(
  image: Sharp,
  plan: OutputPlan & { autoQuality: AutoQualityPlan },
  sourceHasIccProfile: boolean,
  deadline: Deadline,
): Promise<PerceptualResult> {
  const { data, info } = await image.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  const output: RawPixels = { data, width: info.width, height: info.height, channels: info.channels };
  const mosaic = plan.autoQuality.maxEncodes > 1 ? probeMosaic(output) : undefined;
  const searched = mosaic ?? output;
  const background = plan.background ?? WHITE;
  const pixelsOf = (pixels: RawPixels) =>
    sharp(pixels.data, { raw: { width: pixels.width, height: pixels.height, channels: pixels.channels } });
  const encodeAt = (pixels: RawPixels, quality: number, stage: string) => {
    deadline.check(stage);
    return encode(pixelsOf(pixels), { ...plan, quality }, sourceHasIccProfile, pixels).toBuffer();
  };

  const reference = await comparablePixels(pixelsOf(searched), background);
  const { minQuality, maxQuality, maxEncodes } = plan.autoQuality;
  const target = plan.autoQuality.target ?? targetFor(plan.format);
  // With a mosaic, one encode is kept for the full-size answer.
  const searchEncodes = mosaic ? maxEncodes - 1 : maxEncodes;
  const probes = new Map<number, { body: Buffer; score: number }>();
  const probe = async (quality: number) => {
    const body = await encodeAt(searched, quality, `quality probe ${probes.size + 1}`);
    const result = { body, score: await similarity(reference, body, background) };
    probes.set(quality, result);
    return result;
  };

  let low = minQuality;
  let high = maxQuality;
  let best: number | undefined;
  while (low <= high && probes.size < searchEncodes) {
    const middle = Math.floor((low + high) / 2);
    if ((await probe(middle)).score >= target) {
      best = middle;
      high = middle - 1;
    } else {
      low = middle + 1;
    }
  }
  const quality = best ?? maxQuality;
  const dimensions = { width: info.width, height: info.height, quality };
  if (mosaic) {
    const body = await encodeAt(output, quality, 'encode at the chosen quality');
    // maxQuality unprobed (nothing passed): the best probe's score is a lower bound of its own.
    const score = probes.get(quality)?.score ?? Math.max(...[...probes.values()].map((found) => found.score));
    return { ...dimensions, body, score, encodes: probes.size + 1 };
  }
  const chosen = probes.get(quality) ?? (await probe(quality));
  return { ...dimensions, ...chosen, encodes: probes.size };
}
