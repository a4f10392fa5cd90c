import sharp from 'sharp';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FuzzRequest, FuzzResponse } from './harness';
import { megabytes } from './memory';
import type { ProcessGuard } from './process-guard';

/** A broken promise of the service, with what a person needs to see it again. */
export class FuzzFinding extends Error {
  constructor(message: string, response?: FuzzResponse) {
    const detail = response
      ? ` (status ${response.status}, ${response.headers['x-imgfront-error'] ?? 'no error code'}, ` +
        `log: ${response.log?.error ?? 'none'})`
      : '';
    super(`${message}${detail}`);
    this.name = 'FuzzFinding';
  }
}

export interface Guards {
  /** The request deadline plus a margin: an answer later than this is a hang. */
  caseTimeoutMs: number;
  maxRssBytes: number;
  process: ProcessGuard;
  /** Set once the RSS cap has been reported (see {@link checkMemory}). */
  overCapReported: boolean;
}

/** The response, or a finding when none arrives in time (the stray request is left to finish). */
export async function answerInTime(send: () => Promise<FuzzResponse>, ms: number): Promise<FuzzResponse> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FuzzFinding(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([send(), hang]);
  } finally {
    clearTimeout(timer);
  }
}

const IMAGE_FORMATS: Record<string, string> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/avif': 'heif',
  'image/heif': 'heif',
  'image/gif': 'gif',
};

/** A 200 must carry the image its Content-Type names, whole. */
async function checkImageBody(response: FuzzResponse): Promise<void> {
  const contentType = response.headers['content-type'] ?? '';
  const expected = IMAGE_FORMATS[contentType];
  if (expected === undefined) throw new FuzzFinding(`200 with content-type "${contentType}"`, response);
  try {
    const metadata = await sharp(response.body).metadata();
    if (metadata.format !== expected)
      throw new FuzzFinding(`a ${contentType} body sniffs as ${metadata.format}`);
  } catch (error) {
    if (error instanceof FuzzFinding) throw error;
    throw new FuzzFinding(`200 whose ${contentType} body does not decode: ${String(error)}`, response);
  }
}

/**
 * What every answer promises a user, whatever the input: no crash, no 5xx for user input, an error
 * code on every 4xx, `Server-Timing` always, and an image on 200.
 */
export async function checkAnswer(
  request: FuzzRequest,
  response: FuzzResponse,
  guards: Guards,
): Promise<void> {
  // Let a rejection the request left behind surface before blaming or clearing this case.
  await nextTurn();
  const escaped = guards.process.takeEscaped();
  if (escaped.length > 0)
    throw new FuzzFinding(`escaped the handler: ${escaped.map(String).join('; ')}`, response);
  if (response.status >= 500) throw new FuzzFinding('a 5xx for user input', response);
  if (response.status >= 400 && !response.headers['x-imgfront-error']) {
    throw new FuzzFinding('a 4xx without an x-imgfront-error header', response);
  }
  if (!response.headers['server-timing']) throw new FuzzFinding('no server-timing header', response);
  if (response.status === 200 && request.method === 'GET') await checkImageBody(response);
}

/**
 * The RSS cap. RSS seldom falls once libvips has grown it, so the cap is reported once: the shrinker's
 * later (smaller) runs then pass, and the case that crossed the cap stays the counterexample.
 */
export function checkMemory(peakRssBytes: number, guards: Guards, likelyCulprit: string): void {
  if (peakRssBytes <= guards.maxRssBytes || guards.overCapReported) return;
  guards.overCapReported = true;
  throw new FuzzFinding(
    `RSS reached ${megabytes(peakRssBytes)}, over the cap of ${megabytes(guards.maxRssBytes)}; ` +
      `largest growth so far ${likelyCulprit} (memory builds up over the run: replay with FUZZ_SEED alone)`,
  );
}
