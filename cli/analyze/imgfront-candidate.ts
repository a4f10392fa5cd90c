import type { Endpoint } from '../../shared/registry/endpoint-schema';

/** Where imgfront would serve a page's image from, or why it would not. */
export type Candidate =
  { url: string; how: 'already imgfront' | 'through endpoint' } | { url?: undefined; why: string };

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

/**
 * The imgfront URL for one of the page's images. An image already on the CDN (`baseUrl`) is fetched
 * as it is: the gain is the format the CDN negotiates. With `--endpoint`, an image under one of the
 * endpoint's web origins becomes `<cdn>/<endpoint>/[tr:w-<rendered width>/]<path>`: resized to the
 * width the markup renders it at, in the format the CDN picks. Anything else is left out.
 */
export function candidateFor(
  imageUrl: string,
  options: { baseUrl: string; endpoint: Endpoint | undefined; renderedWidth: number | undefined },
): Candidate {
  if (imageUrl.startsWith(withSlash(options.baseUrl))) return { url: imageUrl, how: 'already imgfront' };
  if (options.endpoint === undefined) return { why: 'not an imgfront URL (give --endpoint to map it)' };
  const image = new URL(imageUrl);
  for (const origin of options.endpoint.origins) {
    if (origin.type !== 'web') continue;
    const base = withSlash(origin.baseUrl);
    const location = `${image.origin}${image.pathname}`;
    if (!location.startsWith(base)) continue;
    // The path stays as the page encoded it; the query is the web server's, not the origin's.
    const path = location.slice(base.length);
    const transformation = options.renderedWidth === undefined ? '' : `tr:w-${options.renderedWidth}/`;
    return {
      url: `${options.baseUrl}/${options.endpoint.id}/${transformation}${path}`,
      how: 'through endpoint',
    };
  }
  return { why: `not under a web origin of endpoint "${options.endpoint.id}"` };
}
