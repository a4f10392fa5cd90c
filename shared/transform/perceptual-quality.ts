import sharp, { type Sharp } from 'sharp';
import type { Deadline } from '../runtime/deadline';
import { WHITE } from './geometry';
import type { AutoQualityPlan, OutputPlan } from './output-plan';
import { comparablePixels, similarity } from './similarity';
import { encode } from './steps/encode';

export interface PerceptualResult {
  body: Buffer;
  width: number;
  height: number;
  quality: number;
  /** SSIM of the answer to the unencoded output. */
  score: number;
  encodes: number;
}

/**
 * `q-auto`: a binary search over [minQuality, maxQuality] for the lowest quality whose SSIM to the
 * unencoded output reaches the target, in at most `maxEncodes` encodes. The answer is one of the
 * probes, so it costs no extra encode; the same pixels and settings always give the same bytes. When
 * no probe reaches the target, the answer is `maxQuality` (one more encode when it was not probed). The deadline is checked between encodes.
 */
export async function encodeAtPerceptualQuality(
  image: Sharp,
  plan: OutputPlan & { autoQuality: AutoQualityPlan },
  sourceHasIccProfile: boolean,
  deadline: Deadline,
): Promise<PerceptualResult> {
  const { data, info } = await image.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: info.channels } };
  const background = plan.background ?? WHITE;
  const reference = await comparablePixels(sharp(data, raw), background);
  const { target, minQuality, maxQuality, maxEncodes } = plan.autoQuality;

  const probes = new Map<number, { body: Buffer; score: number }>();
  const probe = async (quality: number) => {
    deadline.check(`quality probe ${probes.size + 1}`);
    const body = await encode(sharp(data, raw), { ...plan, quality }, sourceHasIccProfile, info).toBuffer();
    const result = { body, score: await similarity(reference, body, background) };
    probes.set(quality, result);
    return result;
  };

  let low = minQuality;
  let high = maxQuality;
  let best: number | undefined;
  while (low <= high && probes.size < maxEncodes) {
    const middle = Math.floor((low + high) / 2);
    if ((await probe(middle)).score >= target) {
      best = middle;
      high = middle - 1;
    } else {
      low = middle + 1;
    }
  }
  const quality = best ?? maxQuality;
  const chosen = probes.get(quality) ?? (await probe(quality));
  return { ...chosen, width: info.width, height: info.height, quality, encodes: probes.size };
}
