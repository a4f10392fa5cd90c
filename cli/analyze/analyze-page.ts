import sharp from 'sharp';
import { ImageError, toImageError } from '../../shared/errors/image-error';
import type { Endpoint } from '../../shared/registry/endpoint-schema';
import { fetchLimited, type FetchLimits } from './fetch-limited';
import { findImages, type ImageReference } from './image-tags';
import { candidateFor } from './imgfront-candidate';

/** What one fetch of an image gave: its bytes, and what they are. */
export type Measured =
  | { status: number; bytes: number; format: string; width: number | undefined; height: number | undefined }
  | { error: string; code: string };

export interface AnalyzedImage extends ImageReference {
  original: Measured;
  /** What imgfront serves for it; absent with the reason when it would not serve it. */
  imgfront?: Measured & { url: string };
  skipped?: string;
  /** Original bytes minus imgfront's, when both were measured. */
  savingBytes?: number;
}

export interface PageAnalysis {
  page: string;
  images: AnalyzedImage[];
  /** Images past the first {@link MAX_IMAGES} are not analysed. */
  truncated: boolean;
  totals: {
    images: number;
    compared: number;
    originalBytes: number;
    imgfrontBytes: number;
    savingBytes: number;
  };
}

export const PAGE_LIMITS: FetchLimits = { timeoutMs: 10_000, maxBytes: 5 * 1024 * 1024 };
export const IMAGE_LIMITS: FetchLimits = { timeoutMs: 15_000, maxBytes: 25 * 1024 * 1024 };
export const MAX_IMAGES = 200;
const CONCURRENCY = 4;
/**
 * The page's own image is fetched as a browser without AVIF or WebP asks for it; imgfront's as a
 * current Chrome does, so the saving shows what format negotiation and resizing give.
 */
const PLAIN_ACCEPT = 'image/png,image/jpeg,image/gif,image/*;q=0.8,*/*;q=0.5';
const MODERN_ACCEPT = 'image/avif,image/webp,image/apng,image/*,*/*;q=0.8';

async function measure(url: string, accept: string): Promise<Measured> {
  try {
    const fetched = await fetchLimited(url, IMAGE_LIMITS, { accept });
    if (fetched.status !== 200) return { error: `HTTP ${fetched.status}`, code: `HTTP${fetched.status}` };
    const metadata = await sharp(fetched.body)
      .metadata()
      .catch(() => undefined);
    return {
      status: fetched.status,
      bytes: fetched.body.byteLength,
      format: metadata?.format ?? fetched.contentType ?? 'unknown',
      width: metadata?.width,
      height: metadata?.height,
    };
  } catch (error) {
    const failure = toImageError(error);
    return { error: failure.message, code: failure.code };
  }
}

const bytesOf = (measured: Measured | undefined) =>
  measured !== undefined && 'bytes' in measured ? measured.bytes : undefined;

async function analyzeImage(
  image: ImageReference,
  options: { baseUrl: string; endpoint: Endpoint | undefined },
): Promise<AnalyzedImage> {
  const candidate = candidateFor(image.url, { ...options, width: image.targetWidth });
  const [original, served] = await Promise.all([
    measure(image.url, PLAIN_ACCEPT),
    candidate.url === undefined ? undefined : measure(candidate.url, MODERN_ACCEPT),
  ]);
  const before = bytesOf(original);
  const after = bytesOf(served);
  return {
    ...image,
    original,
    ...(served === undefined || candidate.url === undefined
      ? {}
      : { imgfront: { ...served, url: candidate.url } }),
    ...(candidate.url === undefined ? { skipped: candidate.why } : {}),
    ...(before === undefined || after === undefined ? {} : { savingBytes: before - after }),
  };
}

/** Runs `work` over `items`, `limit` at a time, keeping their order. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) {
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Fetches the page, measures each image it names and what imgfront would serve instead. */
export async function analyzePage(
  pageUrl: string,
  options: { baseUrl: string; endpoint: Endpoint | undefined; progress?: (line: string) => void },
): Promise<PageAnalysis> {
  const page = await fetchLimited(pageUrl, PAGE_LIMITS, { accept: 'text/html' });
  if (page.status !== 200) {
    throw new ImageError(
      page.status === 404 ? 'ENOENT' : 'EINVALID',
      `${pageUrl} answered HTTP ${page.status}`,
    );
  }
  const all = findImages(page.body.toString('utf8'), page.url);
  const references = all.slice(0, MAX_IMAGES);
  let done = 0;
  const images = await mapLimited(references, CONCURRENCY, async (image) => {
    const analyzed = await analyzeImage(image, options);
    options.progress?.(`Analysed ${++done} of ${references.length} images`);
    return analyzed;
  });
  const compared = images.filter((image) => image.savingBytes !== undefined);
  const originalBytes = compared.reduce((total, image) => total + (bytesOf(image.original) ?? 0), 0);
  const imgfrontBytes = compared.reduce((total, image) => total + (bytesOf(image.imgfront) ?? 0), 0);
  return {
    page: page.url,
    images,
    truncated: all.length > references.length,
    totals: {
      images: images.length,
      compared: compared.length,
      originalBytes,
      imgfrontBytes,
      savingBytes: originalBytes - imgfrontBytes,
    },
  };
}
