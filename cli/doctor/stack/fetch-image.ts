import sharp from 'sharp';
import { ERROR_HEADER } from '../../../shared/http/responses';

/** What the CDN answered for one image URL, as a viewer would see it. */
export interface ImageAnswer {
  status: number;
  contentType: string | undefined;
  errorCode: string | undefined;
  /** CloudFront's `x-cache` (`Hit from cloudfront`, `Miss from cloudfront`). */
  cache: string | undefined;
  bytes: Buffer;
}

export async function fetchImage(url: string): Promise<ImageAnswer> {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? undefined,
    errorCode: response.headers.get(ERROR_HEADER) ?? undefined,
    cache: response.headers.get('x-cache') ?? undefined,
    bytes: Buffer.from(await response.arrayBuffer()),
  };
}

/** `jpeg 640x480`, or why the answer is not a readable image. */
export async function describeImage(answer: ImageAnswer): Promise<{ ok: boolean; text: string }> {
  if (answer.status !== 200) {
    return { ok: false, text: `status ${answer.status}${answer.errorCode ? ` ${answer.errorCode}` : ''}` };
  }
  const metadata = await sharp(answer.bytes)
    .metadata()
    .catch(() => undefined);
  if (!metadata?.format || !answer.contentType?.startsWith('image/')) {
    return { ok: false, text: `200 but not an image (Content-Type ${answer.contentType ?? 'none'})` };
  }
  return { ok: true, text: `${metadata.format} ${metadata.width}x${metadata.height}` };
}
