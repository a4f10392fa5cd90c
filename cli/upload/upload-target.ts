import { ImageError } from '../../shared/errors/image-error';
import { objectKeyFor } from '../../shared/origins/s3/s3-origin';
import type { Endpoint, S3Origin } from '../../shared/registry/endpoint-schema';

/** The bucket an endpoint's uploads go to: its first S3 origin (the one the service reads first). */
export function uploadOrigin(endpoint: Endpoint): S3Origin {
  const origin = endpoint.origins.find((candidate): candidate is S3Origin => candidate.type === 's3');
  if (origin === undefined) {
    throw new ImageError('EINVALID', `Endpoint "${endpoint.id}" has no S3 origin to upload to`);
  }
  return origin;
}

/** The object key of a file: the origin's prefix, then `--prefix`, then its path in the folder. */
export const uploadKey = (origin: S3Origin, prefix: readonly string[], relativePath: string): string =>
  objectKeyFor(origin, { segments: [...prefix, ...relativePath.split('/')] });
