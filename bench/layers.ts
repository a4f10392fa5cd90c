import { median } from './cold-start';
import type { Contender } from './contenders';
import { CORPUS } from './corpus';
import type { LoadResult } from './load-result';
import type { MeasureOptions } from './measure';

/**
 * Layers' cost: 4000x3000 JPEG -> 1200 px WebP with one text and one image watermark, as a ratio to
 * the same transformation without layers, on imgfront, interleaved (target: at most 1.3x).
 */
export async function compareLayers(
  imgfront: Contender,
  options: MeasureOptions,
  connections: number,
): Promise<void> {
  const plain = 'w-1200,f-webp';
  const layered =
    `${plain},l-image,i-${CORPUS.logo},w-200,lx-N20,ly-N20,l-end,` +
    'l-text,i-imgfront%20sample,fs-48,co-FFFFFF,bg-00000050,pa-10,lx-20,ly-20,l-end';
  const paths = { plain: `/o0/tr:${plain}/${CORPUS.large}`, layered: `/o0/tr:${layered}/${CORPUS.large}` };
  const runs: Record<keyof typeof paths, LoadResult[]> = { plain: [], layered: [] };
  for (let round = 0; round < options.rounds; round += 1) {
    for (const key of ['plain', 'layered'] as const) {
      const plan = {
        url: imgfront.url,
        paths: [paths[key]],
        connections,
        durationSeconds: options.durationSeconds,
      };
      runs[key].push(await options.load.run(plan));
    }
  }
  const summary = (loads: LoadResult[]) => ({
    'req/s': median(loads.map((load) => load.requestsPerSecond)).toFixed(1),
    'p50 ms': median(loads.map((load) => load.p50)).toFixed(0),
    errors: loads.reduce((sum, load) => sum + load.errors, 0),
  });
  const [plainRow, layeredRow] = [summary(runs.plain), summary(runs.layered)];
  console.log(
    '\n4000x3000 JPEG -> 1200 px WebP on imgfront, with a text and an image watermark against none\n',
  );
  console.table({ plain: plainRow, layered: layeredRow });
  console.log(
    `layers: layered/plain p50 ${(Number(layeredRow['p50 ms']) / Number(plainRow['p50 ms'])).toFixed(2)}x, ` +
      `throughput ${(Number(plainRow['req/s']) / Number(layeredRow['req/s'])).toFixed(2)}x slower (target <= 1.3x)`,
  );
}
