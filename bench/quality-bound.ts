import sharp from 'sharp';
import { WHITE } from '../shared/transform/geometry';
import { comparablePixels, similarity, type Pixels } from '../shared/transform/similarity';
import { renderChain } from '../test/support/render-chain';
import { qualityCorpus } from './quality-corpus';

/**
 * How far any per-image choice of quality could go: every corpus image encoded at every quality from
 * 30 to 90 with `q-auto`'s own encoder settings (a search pinned to one quality), then the fewest total
 * bytes whose mean SSIM still equals q-80's, found two ways: one SSIM target for all images (what
 * `q-auto` does, with the best target in hindsight), and the exact optimum over per-image choices
 * (the best any per-image rule could do with these encoders). A full `npm run bench` and `--quality`
 * print it; `npx ts-node --transpile-only bench/quality-bound.ts` runs it alone (about 2 minutes).
 */
const WIDTH = 1200;
const QUALITIES = Array.from({ length: 31 }, (_, index) => 30 + index * 2);

interface Point {
  quality: number;
  bytes: number;
  ssim: number;
}

async function pointAt(original: Buffer, reference: Pixels, format: string, quality: number): Promise<Point> {
  const autoQuality = { metric: 'ssim' as const, minQuality: quality, maxQuality: quality, maxEncodes: 1 };
  const rendered = await renderChain(original, `w-${WIDTH},f-${format},q-auto`, {
    settings: { autoQuality },
  });
  return {
    quality,
    bytes: rendered.body.byteLength,
    ssim: await similarity(reference, rendered.body, WHITE),
  };
}

async function fixedPoint(original: Buffer, reference: Pixels, format: string): Promise<Point> {
  const rendered = await renderChain(original, `w-${WIDTH},f-${format},q-80`);
  return {
    quality: 80,
    bytes: rendered.body.byteLength,
    ssim: await similarity(reference, rendered.body, WHITE),
  };
}

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const sumBytes = (points: readonly Point[]) => points.reduce((sum, point) => sum + point.bytes, 0);

/** The choice with the fewest bytes whose mean SSIM reaches `floor`, among the candidate rules' choices. */
function cheapest(choices: readonly Point[][], floor: number): Point[] | undefined {
  let best: Point[] | undefined;
  for (const choice of choices) {
    if (mean(choice.map((point) => point.ssim)) < floor) continue;
    if (best === undefined || sumBytes(choice) < sumBytes(best)) best = choice;
  }
  return best;
}

/** Per image: the lowest quality reaching `target`, else the highest measured. */
const atTarget = (curves: readonly Point[][], target: number) =>
  curves.map((curve) => curve.find((point) => point.ssim >= target) ?? (curve.at(-1) as Point));

/** A set of per-image choices: its total bytes, total SSIM and the qualities, image by image. */
interface Combination {
  bytes: number;
  ssim: number;
  qualities: number[];
}

/**
 * The exact optimum over per-image choices: combinations built image by image, keeping only those no
 * other beats on both bytes and SSIM (a Pareto front), then the cheapest reaching the mean `floor`.
 */
function bestPerImage(curves: readonly Point[][], floor: number): Combination | undefined {
  let front: Combination[] = [{ bytes: 0, ssim: 0, qualities: [] }];
  for (const curve of curves) {
    const grown = front.flatMap((combination) =>
      curve.map((point) => ({
        bytes: combination.bytes + point.bytes,
        ssim: combination.ssim + point.ssim,
        qualities: [...combination.qualities, point.quality],
      })),
    );
    grown.sort((a, b) => a.bytes - b.bytes || b.ssim - a.ssim);
    front = [];
    for (const combination of grown)
      if (combination.ssim > (front.at(-1)?.ssim ?? -Infinity)) front.push(combination);
  }
  return front.find((combination) => combination.ssim / curves.length >= floor);
}

export async function qualityBound(): Promise<void> {
  const images = Object.values(await qualityCorpus());
  console.log(
    `\nq-auto bound: the fewest bytes at q-80's mean SSIM, ${images.length} images at ${WIDTH} px\n`,
  );
  for (const format of ['webp', 'jpeg']) {
    const curves: Point[][] = [];
    const fixed: Point[] = [];
    for (const original of images) {
      const unencoded = await renderChain(original, `w-${WIDTH},f-png`);
      const reference = await comparablePixels(sharp(unencoded.body), WHITE);
      fixed.push(await fixedPoint(original, reference, format));
      const curve: Point[] = [];
      for (const quality of QUALITIES) curve.push(await pointAt(original, reference, format, quality));
      curves.push(curve);
    }
    const floor = mean(fixed.map((point) => point.ssim));
    const targets = Array.from({ length: 121 }, (_, index) => 0.94 + index * 0.0005);
    const byTarget = cheapest(
      targets.map((target) => atTarget(curves, target)),
      floor,
    );
    const exact = bestPerImage(curves, floor);
    const ratio = (bytes: number | undefined) =>
      bytes === undefined ? 'none reaches it' : `${(bytes / sumBytes(fixed)).toFixed(3)}x`;
    console.log(
      `${format}: q-80 mean SSIM ${floor.toFixed(4)}; one SSIM target for all ${ratio(byTarget && sumBytes(byTarget))} ` +
        `(qualities ${byTarget?.map((point) => point.quality).join(', ') ?? '-'}); ` +
        `best per-image choice ${ratio(exact?.bytes)} (qualities ${exact?.qualities.join(', ') ?? '-'})`,
    );
  }
}

if (require.main === module) {
  qualityBound().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
