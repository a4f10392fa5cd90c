import type { Endpoint, S3Origin } from '../registry/endpoint-schema';
import { objectKeyFor } from '../origins/s3/s3-origin';
import type { ImagePath } from '../origins/types';
import { parseImagePath } from '../url/path';

/** One place an object is served: an endpoint and the file path inside it. */
export interface EndpointFile {
  endpoint: Endpoint;
  path: ImagePath;
}

const s3Origins = (endpoint: Endpoint): S3Origin[] =>
  endpoint.origins.filter((origin): origin is S3Origin => origin.type === 's3');

/** The key prefix an origin reads under, normalized exactly as the S3 origin normalizes it. */
const keyPrefixOf = (origin: S3Origin): string => objectKeyFor(origin, { segments: [] });

/** The request path that would read `rest`, or undefined when no valid URL can name it (`a//b`, `../x`). */
function servablePath(rest: string): ImagePath | undefined {
  try {
    return parseImagePath(rest.split('/').map(encodeURIComponent));
  } catch {
    return undefined;
  }
}

/**
 * Every endpoint path that serves `s3://<bucket>/<key>`: for each S3 origin naming the bucket whose
 * prefix starts the key, the key without the prefix. Several endpoints (or several origins of one
 * endpoint) may serve the same object; keys no URL can reach are left out. Origins are matched by bucket
 * name, so S3-compatible origins (`endpointUrl`) with the same bucket name match too — as the local
 * stack needs.
 */
export function endpointFilesForObject(
  endpoints: readonly Endpoint[],
  bucket: string,
  key: string,
): EndpointFile[] {
  const files: EndpointFile[] = [];
  const seen = new Set<string>();
  for (const endpoint of endpoints) {
    for (const origin of s3Origins(endpoint)) {
      const prefix = keyPrefixOf(origin);
      if (origin.bucket !== bucket || !key.startsWith(prefix)) continue;
      const path = servablePath(key.slice(prefix.length));
      const identity = path && `${endpoint.id}\n${path.segments.join('/')}`;
      if (path === undefined || identity === undefined || seen.has(identity)) continue;
      seen.add(identity);
      files.push({ endpoint, path });
    }
  }
  return files;
}

/** The objects an endpoint path may be read from, in the endpoint's origin order (S3 origins only). */
export function objectsForEndpointPath(
  endpoint: Endpoint,
  path: ImagePath,
): { bucket: string; key: string }[] {
  return s3Origins(endpoint).map((origin) => ({ bucket: origin.bucket, key: objectKeyFor(origin, path) }));
}
