import { refinedUrl } from '../shared/url/build-url';

/** Where a loader's images live: the CDN's base URL, the endpoint, optional steps before the width. */
export interface ImgfrontLocation {
  /** `https://img.example.com` (no trailing slash needed). */
  readonly baseUrl: string;
  readonly endpoint: string;
  /** ImageKit text applied before the width, e.g. `c-at_max` or a named transformation `n-card`. */
  readonly transformations?: string;
}

/** What Next.js passes a custom image loader (`next/image`'s `ImageLoaderProps`). */
export interface NextLoaderProps {
  /** The path inside the endpoint, as written in `<Image src>`: `/products/shoe.jpg`. */
  readonly src: string;
  readonly width: number;
  readonly quality?: number;
}

/**
 * A Next.js custom loader: `export default nextLoader({ baseUrl, endpoint })` in the file that
 * `next.config.js` names as `images.loaderFile` (with `images.loader: 'custom'`). Next asks it for
 * each width of its srcset and gets canonical imgfront URLs (`?tr=w-640,q-75`).
 */
export const nextLoader =
  (location: ImgfrontLocation) =>
  ({ src, width, quality }: NextLoaderProps): string =>
    refinedUrl({ ...location, path: src }, quality === undefined ? { width } : { width, quality });
