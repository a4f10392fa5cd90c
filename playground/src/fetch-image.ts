import { ERROR_HEADER } from '../../shared/http/responses';
import { timingFigures, type TimingFigure } from './server-timing';

/** What a browser asks for images with, so `f-auto` picks what an `<img>` would get. */
export const IMAGE_ACCEPT = 'image/avif,image/webp,image/apng,image/*,*/*;q=0.8';

export type FetchedImage =
  | {
      readonly ok: true;
      readonly objectUrl: string;
      readonly bytes: number;
      /** `webp`, from `Content-Type`. */
      readonly format: string;
      readonly timing: TimingFigure[];
    }
  | {
      readonly ok: false;
      readonly status: number;
      /** The service's error code header, e.g. `EINVALID`. */
      readonly code: string;
      /** The service's own message (the response body). */
      readonly message: string;
      readonly timing: TimingFigure[];
    };

/** Fetches an image URL to read its headers and size, and makes an object URL of its bytes. */
export async function fetchImage(url: string, signal: AbortSignal): Promise<FetchedImage> {
  const response = await fetch(url, { headers: { accept: IMAGE_ACCEPT }, signal });
  const timing = timingFigures(response.headers.get('server-timing'));
  if (!response.ok) {
    return {
      ok: false,
      status: response.status,
      code: response.headers.get(ERROR_HEADER) ?? '-',
      message: (await response.text()).trim(),
      timing,
    };
  }
  const blob = await response.blob();
  const contentType = response.headers.get('content-type') ?? '';
  return {
    ok: true,
    objectUrl: URL.createObjectURL(blob),
    bytes: blob.size,
    format: contentType.replace(/^image\//, '').replace(/[;+].*$/, '') || '-',
    timing,
  };
}
