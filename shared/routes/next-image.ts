import { invalid } from '../errors/image-error';
import type { Endpoint } from '../registry/endpoint-schema';
import type { DialectRequest } from '../url/dialects/dialect';
import { sourcePath } from './source-path';

/** The path Next.js's default loader requests: `/_next/image?url=<src>&w=<width>&q=<quality>`. */
export const NEXT_IMAGE_PATH = '/_next/image';

/** The default endpoint as `/_next/image` sees it, one per endpoint object (origins are built per object). */
const asNext = new WeakMap<Endpoint, Endpoint>();

/**
 * The default endpoint as Next's optimizer would serve it: the automatic format picks AVIF only where
 * `settings.next.formats` lists `image/avif` (Next's default is WebP only), and the endpoint allows AVIF.
 */
export function nextImageEndpoint(endpoint: Endpoint): Endpoint {
  const { settings } = endpoint;
  const avif = settings.avif && settings.next.formats.includes('image/avif');
  if (avif === settings.avif) return endpoint;
  let derived = asNext.get(endpoint);
  if (derived === undefined) {
    derived = { ...endpoint, settings: { ...settings, avif } };
    asNext.set(endpoint, derived);
  }
  return derived;
}

/** Next's own error texts (next/dist/server/image-optimizer.js `validateParams`), word for word. */
const fail = (message: string) => invalid(message);

/** The pathname decoded as Next decodes it for its recursion check; undecodable text stays as it is. */
function decodedPathname(pathname: string): string {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}

function single(query: URLSearchParams, name: string, label: string): string | undefined {
  const values = query.getAll(name);
  if (values.length > 1) throw fail(`"${name}" parameter ${label}cannot be an array`);
  return values[0] === '' ? undefined : values[0];
}

/**
 * `/_next/image` as Next.js validates it: `url` relative (default endpoint) or absolute (its web-proxy
 * allow-list is `remotePatterns`), `w` among `deviceSizes`+`imageSizes`, `q` among `qualities`; the
 * width never enlarges, the format follows `Accept` as Next's optimizer does.
 */
export function parseNextImage(rawQueryString: string, endpoint: Endpoint): DialectRequest {
  const query = new URLSearchParams(rawQueryString);
  const { deviceSizes, imageSizes, qualities } = endpoint.settings.next;
  const url = single(query, 'url', '');
  if (url === undefined) throw fail('"url" parameter is required');
  if (url.length > 3072) throw fail('"url" parameter is too long');
  if (url.startsWith('//')) throw fail('"url" parameter cannot be a protocol-relative URL (//)');
  if (!url.startsWith('/')) {
    let protocol: string;
    try {
      protocol = new URL(url).protocol;
    } catch {
      throw fail('"url" parameter is invalid');
    }
    if (protocol !== 'http:' && protocol !== 'https:') throw fail('"url" parameter is invalid');
  } else {
    let local: URL;
    try {
      local = new URL(url, 'http://n');
    } catch {
      throw fail('"url" parameter is invalid');
    }
    if (/\/_next\/image($|\/)/.test(decodedPathname(local.pathname)))
      throw fail('"url" parameter cannot be recursive');
    // Next 16's default `images.localPatterns` is `[{ pathname: '**', search: '' }]`: no local query.
    if (local.search !== '') throw fail('"url" parameter is not allowed');
  }
  const path = sourcePath(url, endpoint, () => fail('"url" parameter is not allowed'));
  const w = single(query, 'w', '(width) ');
  if (w === undefined) throw fail('"w" parameter (width) is required');
  if (!/^[0-9]+$/.test(w)) throw fail('"w" parameter (width) must be an integer greater than 0');
  const q = single(query, 'q', '(quality) ');
  if (q === undefined) throw fail('"q" parameter (quality) is required');
  if (!/^[0-9]+$/.test(q)) throw fail('"q" parameter (quality) must be an integer between 1 and 100');
  const width = parseInt(w, 10);
  if (width <= 0) throw fail('"w" parameter (width) must be an integer greater than 0');
  if (![...deviceSizes, ...imageSizes].includes(width))
    throw fail(`"w" parameter (width) of ${width} is not allowed`);
  const quality = parseInt(q, 10);
  if (quality < 1 || quality > 100)
    throw fail('"q" parameter (quality) must be an integer between 1 and 100');
  if (!qualities.includes(quality)) throw fail(`"q" parameter (quality) of ${q} is not allowed`);
  return {
    path,
    // sharp's resize(width, undefined, { withoutEnlargement: true }) in Next's optimizer.
    steps: [{ width, crop: 'at_max', quality, format: 'auto' }],
    version: undefined,
    signature: undefined,
  };
}
