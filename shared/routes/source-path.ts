import { invalid } from '../errors/image-error';
import type { ImagePath } from '../origins/types';
import type { Endpoint } from '../registry/endpoint-schema';
import { MAX_PATH_LENGTH, parseImagePath } from '../url/path';

/**
 * A source URL of a deployment-wide route as a path of the default endpoint: relative (`/a/b.jpg`) is
 * the file path; absolute (`https://host/a.jpg`) goes through the endpoint's web-proxy origin, whose
 * allow-list decides (`notAllowed` is the route's own words for a host off it).
 */
export function sourcePath(source: string, endpoint: Endpoint, notAllowed: () => Error): ImagePath {
  if (source.length > MAX_PATH_LENGTH) throw invalid('The source URL is too long');
  if (source.includes('?') || source.includes('#'))
    throw invalid('The source URL may not carry a query or fragment');
  const absolute = /^https?:\/\//i.exec(source);
  if (!absolute) return parseImagePath(source.replace(/^\//, '').split('/'));
  const proxy = endpoint.origins.find((origin) => origin.type === 'webProxy');
  if (proxy === undefined) throw notAllowed();
  let host: string;
  try {
    host = new URL(source).host;
  } catch {
    throw invalid('The source URL is not valid');
  }
  if (!proxy.allowedHosts.includes(host)) throw notAllowed();
  return parseImagePath(source.split('/'));
}
