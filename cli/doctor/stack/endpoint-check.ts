import type { Endpoint } from '../../../shared/registry/endpoint-schema';
import { fail, pass, skip } from './check';
import { describeImage, fetchImage } from './fetch-image';
import { endpointUrl } from '../../core/endpoint-url';

/**
 * CloudFront serves the endpoint's sample image: fetched twice, the first answer must be a readable
 * image and the second says whether the cache kept it.
 */
export async function checkEndpointServes(
  baseUrl: string,
  endpoint: Endpoint,
  samplePath: string | undefined,
  signingKey: string | undefined,
) {
  if (samplePath === undefined) {
    return skip('no sample image: set settings.defaultImage or put an object in its first S3 origin');
  }
  const built = endpointUrl(baseUrl, endpoint, samplePath, { signingKey });
  if ('unsupported' in built) return skip(`cannot build a URL for it: ${built.unsupported}`);
  const first = await fetchImage(built.url);
  const image = await describeImage(first);
  if (!image.ok) return fail(`${built.url}: ${image.text}`);
  const second = await fetchImage(built.url);
  return pass(`${built.url}: ${image.text}; again: x-cache ${second.cache ?? '(none)'}`);
}
