import type { Endpoint } from '../../shared/registry/endpoint-schema';
import { endpointUrl } from '../core/endpoint-url';

/** Where imgfront would serve a page's image from, or why it would not. */
export type Candidate =
  { url: string; how: 'already imgfront' | 'through endpoint' } | { url?: undefined; why: string };

/** The file path inside the origin, decoded once (the page's URL is percent-encoded). */
function decodedPath(encoded: string): string | undefined {
  try {
    return encoded.split('/').map(decodeURIComponent).join('/');
  } catch {
    return undefined;
  }
}

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

/**
 * The imgfront URL for one of the page's images. An image already on the CDN (`baseUrl`) is fetched
 * as it is: the gain is the format the CDN negotiates. With `--endpoint`, an image under one of the
 * endpoint's web origins becomes that endpoint's URL of the file (in its dialect), resized to `width`
 * (the device pixels the markup shows it at), in the format the CDN picks. Anything else is left out.
 */
export function candidateFor(
  imageUrl: string,
  options: { baseUrl: string; endpoint: Endpoint | undefined; width: number | undefined },
): Candidate {
  if (imageUrl.startsWith(withSlash(options.baseUrl))) return { url: imageUrl, how: 'already imgfront' };
  if (options.endpoint === undefined) return { why: 'not an imgfront URL (give --endpoint to map it)' };
  const image = new URL(imageUrl);
  for (const origin of options.endpoint.origins) {
    if (origin.type !== 'web') continue;
    const base = withSlash(origin.baseUrl);
    const location = `${image.origin}${image.pathname}`;
    if (!location.startsWith(base)) continue;
    // The query is the web server's, not the origin's; the URL is written in the endpoint's dialect.
    const path = decodedPath(location.slice(base.length));
    if (path === undefined) return { why: 'its path is not valid percent-encoding' };
    const built = endpointUrl(options.baseUrl, options.endpoint, path, { width: options.width });
    if ('unsupported' in built) return { why: `endpoint "${options.endpoint.id}": ${built.unsupported}` };
    return { url: built.url, how: 'through endpoint' };
  }
  return { why: `not under a web origin of endpoint "${options.endpoint.id}"` };
}
