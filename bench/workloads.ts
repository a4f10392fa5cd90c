import { CORPUS, PHOTOS } from './corpus';

export type OutputFormat = 'webp' | 'avif' | 'jpeg' | 'png';

/** One transformation, said the same way to every server: width-only resize, one format, one quality. */
export interface BenchRequest {
  file: string;
  width: number;
  format: OutputFormat;
  /** Sent to every server when set; unset for PNG, where sharp's `quality` turns on palette quantisation. */
  quality?: number;
  /** Keep every frame (animated sources). */
  animated: boolean;
  /** Which origin serves the file: the one answering at once or the one 30 ms away. */
  originLatencyMs: 0 | 30;
}

export interface Workload {
  name: string;
  connections: number;
  /** The request sent `index`-th (the load generator cycles through the first {@link PATH_COUNT}). */
  requestFor(index: number): BenchRequest;
}

/** Distinct paths per workload: 3 photos x 200 widths. */
export const PATH_COUNT = 600;
const QUALITY = 80;
/** Concurrent connections for throughput workloads (`BENCH_CONCURRENCY`). */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

const still = (
  file: string,
  width: number,
  format: OutputFormat,
  originLatencyMs: 0 | 30 = 0,
): BenchRequest => ({
  file,
  width,
  format,
  ...(format === 'png' ? {} : { quality: QUALITY }),
  animated: false,
  originLatencyMs,
});

/** Photo `index % 3`, each at widths 300-499 in turn: no two requests of a cycle alike. */
const distinctWidth = (index: number, originLatencyMs: 0 | 30): BenchRequest =>
  still(
    PHOTOS[index % PHOTOS.length] ?? CORPUS.large,
    300 + (Math.floor(index / PHOTOS.length) % 200),
    'webp',
    originLatencyMs,
  );

/** The workloads, in the order they are run and printed. */
export function workloads(quick: boolean): Workload[] {
  // One connection for the single-transformation rows: their latency is the transformation's own.
  const single = (name: string, format: OutputFormat): Workload => ({
    name,
    connections: 1,
    requestFor: () => still(CORPUS.large, 400, format),
  });
  const list: Workload[] = [
    {
      name: 'one URL repeated',
      connections: CONCURRENCY,
      requestFor: () => still(CORPUS.large, 400, 'webp'),
    },
    { name: 'distinct widths', connections: CONCURRENCY, requestFor: (index) => distinctWidth(index, 0) },
    {
      name: 'distinct widths, same originals, 30 ms origin',
      connections: CONCURRENCY,
      requestFor: (index) => distinctWidth(index, 30),
    },
    single('4000x3000 -> 400 px WebP', 'webp'),
    single('4000x3000 -> 400 px AVIF', 'avif'),
    single('4000x3000 -> 400 px JPEG', 'jpeg'),
    {
      name: 'PNG with alpha -> 400 px PNG',
      connections: CONCURRENCY,
      requestFor: () => still(CORPUS.alpha, 400, 'png'),
    },
    {
      name: 'animated GIF -> 240 px WebP',
      connections: CONCURRENCY,
      requestFor: () => ({ ...still(CORPUS.gif, 240, 'webp'), animated: true }),
    },
    {
      name: 'animated WebP -> 240 px WebP',
      connections: CONCURRENCY,
      requestFor: () => ({ ...still(CORPUS.webp, 240, 'webp'), animated: true }),
    },
  ];
  // --quick keeps one animated row: the two differ only in the decoder.
  return quick ? list.filter((workload) => workload.name !== 'animated WebP -> 240 px WebP') : list;
}

/** `one URL repeated (8 connections)` */
export const workloadTitle = (workload: Workload): string =>
  `${workload.name} (${workload.connections} connection${workload.connections > 1 ? 's' : ''})`;
