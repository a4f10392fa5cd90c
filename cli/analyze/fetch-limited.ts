import { ImageError } from '../../shared/errors/image-error';

export interface FetchLimits {
  /** Whole fetch, redirects included. */
  timeoutMs: number;
  /** Largest body read; a larger one fails with ELIMIT instead of filling memory. */
  maxBytes: number;
}

export interface FetchedBody {
  /** The URL that answered, after redirects. */
  url: string;
  status: number;
  contentType: string | undefined;
  body: Buffer;
}

const MAX_REDIRECTS = 3;

/** Reads the body chunk by chunk, stopping at the cap rather than after it. */
async function readCapped(response: Response, url: string, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  if (response.body === null) return Buffer.alloc(0);
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      throw new ImageError('ELIMIT', `${url} is larger than ${maxBytes} bytes`);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

/**
 * GET with a deadline, a body cap and at most three redirects (followed by hand, so each hop is an
 * http(s) URL and counts against the same deadline).
 */
export async function fetchLimited(
  url: string,
  limits: FetchLimits,
  headers: Record<string, string> = {},
): Promise<FetchedBody> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let current = url;
  try {
    for (let hop = 0; ; hop += 1) {
      if (!/^https?:$/.test(new URL(current).protocol)) {
        throw new ImageError('EINVALID', `${current} is not an http(s) URL`);
      }
      const response = await fetch(current, { headers, signal, redirect: 'manual' });
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location !== null) {
        await response.body?.cancel();
        if (hop === MAX_REDIRECTS)
          throw new ImageError('EINVALID', `${url} redirects more than ${MAX_REDIRECTS} times`);
        current = new URL(location, current).href;
        continue;
      }
      return {
        url: current,
        status: response.status,
        contentType: response.headers.get('content-type') ?? undefined,
        body: await readCapped(response, current, limits.maxBytes),
      };
    }
  } catch (error) {
    if (error instanceof ImageError) throw error;
    const timedOut = (error as { name?: unknown }).name === 'TimeoutError';
    throw new ImageError(
      timedOut ? 'ETIMEDOUT' : 'ECONNREFUSED',
      timedOut ? `${url} did not answer within ${limits.timeoutMs} ms` : `${url} could not be fetched`,
      { cause: error, internal: error instanceof Error ? error.message : String(error) },
    );
  }
}
