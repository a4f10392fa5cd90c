import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { fromSdkError } from '../../aws/sdk-errors';
import type { S3Origin } from '../../registry/endpoint-schema';
import { pathKey } from '../../url/path';
import { readObjectBody } from '../read-capped';
import type { FetchContext, ImagePath, OriginSource, OriginalImage, Revalidation } from '../types';

/** The object key for a path: the origin's prefix, then the decoded path (S3 keys are used decoded). */
export function objectKeyFor(config: Pick<S3Origin, 'prefix'>, path: ImagePath): string {
  const prefix = config.prefix === '' || config.prefix.endsWith('/') ? config.prefix : `${config.prefix}/`;
  return prefix + pathKey(path);
}

/** S3 answers a matching `IfNoneMatch` with a 304, which the SDK reports as an error. */
const isNotModified = (error: unknown): boolean =>
  (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode === 304;

/** Thrown by `read` for a 304, and caught by `revalidate` only: never leaves this module. */
const NOT_MODIFIED = Symbol('not modified');

/** Reads originals from one S3 (or S3-compatible) bucket, inside its prefix. */
export function createS3Origin(config: S3Origin, client: S3Client): OriginSource {
  const description = `s3://${config.bucket}/${config.prefix}`;
  const sourceOf = (path: ImagePath) => `s3://${config.bucket}/${objectKeyFor(config, path)}`;

  async function read(path: ImagePath, context: FetchContext, ifNoneMatch?: string): Promise<OriginalImage> {
    const key = objectKeyFor(config, path);
    const source = sourceOf(path);
    try {
      const response = await client.send(
        new GetObjectCommand({ Bucket: config.bucket, Key: key, IfNoneMatch: ifNoneMatch }),
        { abortSignal: context.signal },
      );
      const body = await readObjectBody(response, context.limits.maxSourceBytes);
      return {
        body,
        claimedContentType: response.ContentType,
        lastModified: response.LastModified,
        etag: response.ETag,
        cacheControl: response.CacheControl,
        source,
      };
    } catch (error) {
      if (ifNoneMatch !== undefined && isNotModified(error)) throw NOT_MODIFIED;
      throw fromSdkError(error, `GetObject ${source}`);
    }
  }

  return {
    description,
    fetch: (path, context) => read(path, context),
    async revalidate(path, etag, context): Promise<Revalidation> {
      try {
        return { unchanged: false, original: await read(path, context, etag) };
      } catch (error) {
        if (error === NOT_MODIFIED) return { unchanged: true, source: sourceOf(path) };
        throw error;
      }
    },
  };
}
