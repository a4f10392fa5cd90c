import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { objectKeyFor } from '../../shared/origins/s3/s3-origin';
import type { ImagePath } from '../../shared/origins/types';
import type { Endpoint, S3Origin } from '../../shared/registry/endpoint-schema';
import { parseImagePath } from '../../shared/url/path';
import { imagePathFromText, segmentsFromText } from '../core/typed-paths';

/** The path the doctor fetches, and why that one. */
export interface Sample {
  path: ImagePath;
  /** `given`, `defaultImage`, `listed` (first object of the first S3 origin) or `probe` (expects 404s). */
  kind: 'given' | 'defaultImage' | 'listed' | 'probe';
}

/** A path no origin should have: a 404 from every origin still proves each one answers. */
export const PROBE_PATH = 'imgfront-doctor-probe.jpg';

/** The first object under the origin's prefix that a URL can name, as a path inside the endpoint. */
async function firstListedPath(client: S3Client, origin: S3Origin): Promise<ImagePath | undefined> {
  const prefix = objectKeyFor(origin, { segments: [] });
  // Listing needs s3:ListBucket, which the service never does; on any failure the probe path is used
  // and the origin's own fetch reports what is wrong.
  const listing = await client
    .send(new ListObjectsV2Command({ Bucket: origin.bucket, Prefix: prefix, MaxKeys: 50 }))
    .catch(() => undefined);
  for (const { Key } of listing?.Contents ?? []) {
    try {
      if (Key && !Key.endsWith('/')) return parseImagePath(segmentsFromText(Key.slice(prefix.length)));
    } catch {
      // A key no URL can name (`a//b`, `../x`): try the next one.
    }
  }
  return undefined;
}

/** Picks the sample: the given path, else the endpoint's default image, else a listed object, else a probe. */
export async function chooseSample(
  endpoint: Endpoint,
  given: string | undefined,
  listClient: (origin: S3Origin) => S3Client,
): Promise<Sample> {
  if (given !== undefined) return { path: imagePathFromText(given, '[path]'), kind: 'given' };
  const { defaultImage } = endpoint.settings;
  if (defaultImage !== undefined)
    return { path: imagePathFromText(defaultImage, 'defaultImage'), kind: 'defaultImage' };
  const s3 = endpoint.origins.find((origin): origin is S3Origin => origin.type === 's3');
  const listed = s3 && (await firstListedPath(listClient(s3), s3));
  if (listed) return { path: listed, kind: 'listed' };
  return { path: imagePathFromText(PROBE_PATH, 'probe'), kind: 'probe' };
}
