import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { invalid, limit } from '../errors/image-error';
import { objectKeyFor } from '../origins/s3/s3-origin';
import type { Endpoint } from '../registry/endpoint-schema';
import { parseImagePath } from '../url/path';

/** Types a browser may upload as an original; SVG is left out on purpose (scriptable). */
export const UPLOADABLE_CONTENT_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/avif',
] as const;

export interface UploadRequest {
  /** File path inside the endpoint, unencoded: `products/blue shoe.jpg`. */
  path: string;
  contentType: string;
  /** The exact size the browser will send, in bytes. */
  contentLength: number;
}

export interface UploadPolicy {
  /** @default 25 MiB */
  maxBytes?: number;
  /** @default 300 (five minutes) */
  expiresInSeconds?: number;
}

export interface PresignedUpload {
  method: 'PUT';
  url: string;
  /** Must be sent exactly as given: they are part of the signature. */
  headers: { 'content-type': string; 'content-length': string };
  bucket: string;
  key: string;
  expiresAt: number;
}

/**
 * A presigned PUT for a browser or app to upload an original straight to the endpoint's first S3
 * origin. Content-Type and Content-Length are signed, so S3 refuses any other type or size, and the
 * key is built like the service builds it (decoded once, validated, inside the origin's prefix).
 */
export async function presignUpload(
  client: S3Client,
  endpoint: Endpoint,
  request: UploadRequest,
  policy: UploadPolicy = {},
  now: () => number = Date.now,
): Promise<PresignedUpload> {
  const maxBytes = policy.maxBytes ?? 25 * 1024 * 1024;
  const expiresIn = policy.expiresInSeconds ?? 300;
  const origin = endpoint.origins.find((candidate) => candidate.type === 's3');
  if (origin?.type !== 's3') throw invalid(`Endpoint "${endpoint.id}" has no S3 origin to upload to`);
  if (!(UPLOADABLE_CONTENT_TYPES as readonly string[]).includes(request.contentType)) {
    throw invalid(
      `Expected one of ${UPLOADABLE_CONTENT_TYPES.join(', ')} for the content type but received "${request.contentType}"`,
    );
  }
  if (!Number.isInteger(request.contentLength) || request.contentLength < 1) {
    throw invalid('Expected a positive whole number of bytes for the content length');
  }
  if (request.contentLength > maxBytes) throw limit(`Uploads may be at most ${maxBytes} bytes`);

  const path = parseImagePath(request.path.split('/').map(encodeURIComponent));
  const key = objectKeyFor(origin, path);
  const command = new PutObjectCommand({
    Bucket: origin.bucket,
    Key: key,
    ContentType: request.contentType,
    ContentLength: request.contentLength,
  });
  const url = await getSignedUrl(client, command, {
    expiresIn,
    signableHeaders: new Set(['content-type', 'content-length']),
  });
  return {
    method: 'PUT',
    url,
    headers: { 'content-type': request.contentType, 'content-length': String(request.contentLength) },
    bucket: origin.bucket,
    key,
    expiresAt: Math.floor(now() / 1000) + expiresIn,
  };
}
