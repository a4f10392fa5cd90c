import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack } from '../local/local-stack';
import { startTestOrigin } from '../shared/net/testing/test-origin-server';
import { photoLike } from './avif-effort';

/**
 * What `settings.keepOriginalCopy` saves on a slow web origin: per request, a URL of a new width of one
 * original, on an endpoint that keeps copies and one that does not, interleaved, through the local stack
 * (s3rver for the copies bucket; no originals kept in memory). The origin answers after
 * `BENCH_ORIGIN_MS` (default 300). `npx ts-node --transpile-only bench/original-copies.ts`.
 */
const ORIGIN_MS = Number(process.env.BENCH_ORIGIN_MS ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function main(): Promise<void> {
  const original = await photoLike(1920, 1080);
  const jpeg = await (await import('sharp')).default(original).jpeg({ quality: 85 }).toBuffer();
  const origin = await startTestOrigin((_request, response) => {
    setTimeout(() => response.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg), ORIGIN_MS);
  });
  const dataDirectory = mkdtempSync(join(tmpdir(), 'imgfront-bench-copies-'));
  const stack = await startLocalStack({
    dataDirectory,
    log: () => undefined,
    env: { IMGFRONT_ORIGINALS_CACHE_MB: '0' },
  });
  const origins = [{ type: 'web' as const, baseUrl: `${origin.origin}/` }];
  await stack.putEndpoint({ id: 'kept', origins, settings: { keepOriginalCopy: true } });
  await stack.putEndpoint({ id: 'plain', origins });
  const timed = async (path: string) => {
    const started = performance.now();
    const response = await fetch(`${stack.url}${path}`);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    return performance.now() - started;
  };
  try {
    const first = await timed('/kept/tr:w-399/photo.jpg');
    const times = { kept: [] as number[], plain: [] as number[] };
    for (let round = 0; round < ROUNDS; round += 1) {
      times.kept.push(await timed(`/kept/tr:w-${400 + round}/photo.jpg`));
      times.plain.push(await timed(`/plain/tr:w-${400 + round}/photo.jpg`));
    }
    const [kept, plain] = [median(times.kept), median(times.plain)];
    console.log(`original ${jpeg.byteLength} bytes, origin latency ${ORIGIN_MS} ms, ${ROUNDS} rounds`);
    console.log(`first request (origin + copy written): ${first.toFixed(0)} ms`);
    console.log(
      `p50 with the kept copy: ${kept.toFixed(0)} ms; without: ${plain.toFixed(0)} ms (${(kept / plain).toFixed(2)}x)`,
    );
    console.log(`origin requests: ${origin.requests.length} (1 for kept, ${ROUNDS} for plain)`);
  } finally {
    await stack.close();
    await origin.close();
    rmSync(dataDirectory, { recursive: true, force: true });
  }
}

void main();
