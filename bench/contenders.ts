import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchPrograms } from './build';
import { CORPUS } from './corpus';
import { rssMb } from './process-stats';
import type { BenchRequest } from './workloads';

export type ContenderName = 'imgfront' | 'raw sharp' | 'ipx';

/** A server under test, running in its own process (`bench --tune` names imgfront's variants). */
export interface Contender {
  name: string;
  url: string;
  pid: number;
  /** Spawn to the first 200 answer, ms. */
  startMs: number;
  /** Resident set size a second after that first answer, MB. */
  idleRssMb: number;
  pathFor(request: BenchRequest): string;
  stop(): Promise<void>;
}

/** The bench's origins by latency: `{ 0: url, 30: url }`. */
export type Origins = Record<0 | 30, string>;

const IMGFRONT_FORMAT = { webp: 'webp', avif: 'avif', jpeg: 'jpg', png: 'png' } as const;

/** Starts `node <program> <args>` and resolves with the URL it prints (`listening on <url>`). */
export function startProcess(
  program: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<{ child: ChildProcess; url: string; spawnedAt: number }> {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [program, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
  });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length > 64 * 1024) return;
      stderr += chunk.toString('utf8');
      const match = /listening on (\S+)/.exec(stderr);
      if (match?.[1]) resolve({ child, url: match[1], spawnedAt });
    });
    child.once('exit', (code) => reject(new Error(`${program} exited with ${code}: ${stderr}`)));
  });
}

/** Polls `url` until it answers 200 (connections refused until the server listens). */
async function firstOk(url: string): Promise<void> {
  for (;;) {
    const status = await fetch(url).then(
      (response) => response.arrayBuffer().then(() => response.status),
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
}

const PROBE: BenchRequest = {
  file: CORPUS.small,
  width: 100,
  format: 'jpeg',
  quality: 80,
  animated: false,
  originLatencyMs: 0,
};

async function startContender(
  name: string,
  program: string,
  args: readonly string[],
  pathFor: (request: BenchRequest) => string,
  env: Readonly<Record<string, string>> = {},
): Promise<Contender> {
  const { child, url, spawnedAt } = await startProcess(program, args, env);
  await firstOk(`${url}${pathFor(PROBE)}`);
  const startMs = performance.now() - spawnedAt;
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const pid = child.pid ?? 0;
  return { name, url, pid, startMs, idleRssMb: rssMb(pid), pathFor, stop: stopper(child) };
}

/** An imgfront process's name in the tables and the environment it starts with. */
export interface ImgfrontVariant {
  name: string;
  env: Readonly<Record<string, string>>;
}

/** imgfront through `imgfront serve`: endpoint `o0` reads the 0 ms origin, `o30` the 30 ms one. */
export function startImgfront(
  programs: BenchPrograms,
  origins: Origins,
  scratch: string,
  variant: ImgfrontVariant = { name: 'imgfront', env: {} },
): Promise<Contender> {
  const files = ([0, 30] as const).map((latency) => {
    const file = join(scratch, `o${latency}.json`);
    writeFileSync(
      file,
      JSON.stringify({ id: `o${latency}`, origins: [{ type: 'web', baseUrl: origins[latency] }] }),
    );
    return file;
  });
  return startContender(
    variant.name,
    programs.imgfront,
    ['serve', '--port', '0', ...files.flatMap((file) => ['--endpoints', file])],
    (request) =>
      `/o${request.originLatencyMs}/tr:w-${request.width},f-${IMGFRONT_FORMAT[request.format]}` +
      `${request.quality === undefined ? '' : `,q-${request.quality}`}/${request.file}`,
    variant.env,
  );
}

export function startRawSharp(programs: BenchPrograms, origins: Origins): Promise<Contender> {
  return startContender(
    'raw sharp',
    programs.rawSharp,
    [origins[0], origins[30]],
    (request) =>
      `/${request.originLatencyMs === 0 ? 0 : 1}/${request.file}?w=${request.width}&f=${request.format}` +
      (request.quality === undefined ? '' : `&q=${request.quality}`) +
      (request.animated ? '&a=1' : ''),
  );
}

export function startIpx(programs: BenchPrograms, origins: Origins): Promise<Contender> {
  return startContender(
    'ipx',
    programs.ipx,
    [],
    (request) =>
      `/w_${request.width},f_${request.format}${request.quality === undefined ? '' : `,q_${request.quality}`}` +
      `${request.animated ? ',a' : ''}/` +
      `${origins[request.originLatencyMs]}/${request.file}`,
  );
}
