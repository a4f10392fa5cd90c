import autocannon from 'autocannon';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { putEndpoint } from '../shared/registry/endpoint-writer';
import { photo } from '../local/demo-images';
import { createRegistryTable, startDynamo, startS3 } from '../local/emulators';
import { qualityTable } from './quality-table';
import { reportAvifEfforts } from './avif-effort';

/**
 * `npm run bench`: imgfront against a minimal baseline proxy, measured in the same run on the same
 * S3 server and the same 4000x3000 JPEG, at a fixed concurrency. Prints req/s, p50/p99 latency, peak
 * RSS of each server process and the ratios imgfront / baseline.
 */
const BUCKET = 'imgfront-bench';
const TABLE = 'imgfront-bench';
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface Row {
  server: string;
  scenario: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Per-field median of several runs. */
function median(results: Omit<Row, 'server' | 'scenario'>[]): Omit<Row, 'server' | 'scenario'> {
  const middle = (values: number[]) =>
    values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
  return {
    requestsPerSecond: middle(results.map((result) => result.requestsPerSecond)),
    p50: middle(results.map((result) => result.p50)),
    p99: middle(results.map((result) => result.p99)),
    errors: results.reduce((sum, result) => sum + result.errors, 0),
  };
}

function startServer(mode: string, args: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(join(__dirname, 'serve.ts'), [mode, ...args], {
    execArgv: ['-r', 'ts-node/register/transpile-only'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { url: string }) => resolve({ url: message.url, child }));
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
  });
}

/** Peak resident set size of a process (Linux), in MB. */
function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

async function load(
  url: string,
  pathFor: (index: number) => string,
): Promise<Omit<Row, 'server' | 'scenario'>> {
  let index = 0;
  const result = await autocannon({
    url,
    connections: CONCURRENCY,
    duration: DURATION_SECONDS,
    requests: [{ setupRequest: (request) => ({ ...request, path: pathFor(index++) }) }],
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

async function main(): Promise<void> {
  const directory = mkdtempSync(join(tmpdir(), 'imgfront-bench-'));
  const s3 = await startS3({ directory, buckets: [BUCKET] });
  const dynamo = await startDynamo();
  await createRegistryTable(dynamo.client, TABLE);
  await putEndpoint(dynamo.client, TABLE, { id: 'bench', origins: [{ type: 's3', bucket: BUCKET }] });
  await s3.client.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: 'photo.jpg', Body: await photo(4000, 3000) }),
  );
  await s3.client.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: 'logo.png', Body: await photo(300, 120) }),
  );

  const args = [s3.endpoint, dynamo.endpoint, TABLE, BUCKET];
  const servers = {
    baseline: { ...(await startServer('baseline', args)), path: (width: number) => `/photo.jpg?w=${width}` },
    imgfront: {
      ...(await startServer('imgfront', args)),
      path: (width: number) => `/bench/tr:w-${width},f-webp/photo.jpg`,
    },
  };
  const scenarios = {
    'same URL repeated': () => 400,
    'distinct widths': (index: number) => 300 + (index % 200),
  };

  // Interleave the servers over several rounds and keep each one's median, so drift on a shared
  // machine (thermal, the emulators' own load) falls on both sides alike.
  const rows: Row[] = [];
  for (const [scenario, widthFor] of Object.entries(scenarios)) {
    for (const server of Object.values(servers))
      await load(server.url, (index) => server.path(widthFor(index)));
    const runs: Record<string, Omit<Row, 'server' | 'scenario'>[]> = { baseline: [], imgfront: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const [name, server] of Object.entries(servers)) {
        runs[name]?.push(await load(server.url, (index) => server.path(widthFor(index))));
      }
    }
    for (const [name, results] of Object.entries(runs))
      rows.push({ server: name, scenario, ...median(results) });
  }
  const rss = Object.fromEntries(
    Object.entries(servers).map(([name, server]) => [name, peakRssMb(server.child.pid ?? 0)]),
  );

  console.log(
    `\n4000x3000 JPEG -> 400 px WebP, ${CONCURRENCY} connections, median of ${ROUNDS} interleaved ${DURATION_SECONDS} s runs\n`,
  );
  console.table(
    rows.map((row) => ({
      ...row,
      requestsPerSecond: row.requestsPerSecond.toFixed(1),
      peakRssMb: rss[row.server]?.toFixed(0),
    })),
  );
  for (const scenario of Object.keys(scenarios)) {
    const base = rows.find((row) => row.scenario === scenario && row.server === 'baseline');
    const ours = rows.find((row) => row.scenario === scenario && row.server === 'imgfront');
    if (!base || !ours) continue;
    console.log(
      `${scenario}: imgfront/baseline  p50 ${(ours.p50 / base.p50).toFixed(2)}x  p99 ${(ours.p99 / base.p99).toFixed(2)}x  ` +
        `throughput ${(ours.requestsPerSecond / base.requestsPerSecond).toFixed(2)}x (higher is better)`,
    );
  }
  console.log(`peak RSS: imgfront/baseline ${((rss.imgfront ?? 0) / (rss.baseline ?? 1)).toFixed(2)}x`);
  await compareLayers(servers.imgfront.url);
  await qualityTable();
  await reportAvifEfforts();

  for (const server of Object.values(servers)) server.child.kill();
  await Promise.all([s3.close(), dynamo.close()]);
  rmSync(directory, { recursive: true, force: true });
}

/**
 * Layers' cost: 4000x3000 JPEG -> 1200 px WebP with one text and one image watermark, as a ratio to
 * the same transformation without layers, on the same server, interleaved (target: at most 1.3x).
 */
async function compareLayers(url: string): Promise<void> {
  const plain = 'w-1200,f-webp';
  const layered =
    `${plain},l-image,i-logo.png,w-200,lx-N20,ly-N20,l-end,` +
    'l-text,i-imgfront%20sample,fs-48,co-FFFFFF,bg-00000050,pa-10,lx-20,ly-20,l-end';
  const paths = { plain: `/bench/tr:${plain}/photo.jpg`, layered: `/bench/tr:${layered}/photo.jpg` };
  const runs: Record<keyof typeof paths, Omit<Row, 'server' | 'scenario'>[]> = { plain: [], layered: [] };
  for (const path of Object.values(paths)) await load(url, () => path);
  for (let round = 0; round < ROUNDS; round += 1) {
    runs.plain.push(await load(url, () => paths.plain));
    runs.layered.push(await load(url, () => paths.layered));
  }
  const [plainRow, layeredRow] = [median(runs.plain), median(runs.layered)];
  console.log('\n4000x3000 JPEG -> 1200 px WebP with a text and an image watermark, against no layers\n');
  console.table({ plain: plainRow, layered: layeredRow });
  console.log(
    `layers: layered/plain  p50 ${(layeredRow.p50 / plainRow.p50).toFixed(2)}x  ` +
      `throughput ${(plainRow.requestsPerSecond / layeredRow.requestsPerSecond).toFixed(2)}x slower (target <= 1.3x)`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
