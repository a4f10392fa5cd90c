import type { PutObjectCommandInput, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

/** S3's smallest part (every part but the last): files at or below it always go up in one PUT. */
export const MIN_PART_BYTES = 5 * 1024 ** 2;
/** The AWS CLI's part size: fewer requests than 5 MiB parts, little memory per part. */
const PREFERRED_PART_BYTES = 8 * 1024 ** 2;
/** S3's most parts per upload. */
const MAX_PARTS = 10_000;
/**
 * Parts of one file in flight. lib-storage holds each in memory, so memory is about
 * parts in flight x part size x files uploading in parts at once (see MULTIPART_FILES_IN_FLIGHT).
 */
const PARTS_IN_FLIGHT = 4;
/** Files uploading in parts at once, whatever `--concurrency` says: bounds the memory parts take. */
export const MULTIPART_FILES_IN_FLIGHT = 2;
/** S3's largest object. */
export const MAX_OBJECT_BYTES = 5 * 1024 ** 4;

/**
 * The part size for a file: 8 MiB; at least 5 MiB and at most half the file, so any file above the
 * threshold (never below 5 MiB) has two parts or more and lib-storage never falls back to one PUT; and
 * larger for files that would otherwise need more than 10,000 parts.
 */
export function partSizeFor(bytes: number): number {
  return Math.max(
    MIN_PART_BYTES,
    Math.min(PREFERRED_PART_BYTES, Math.ceil(bytes / 2)),
    Math.ceil(bytes / MAX_PARTS),
  );
}

/** What goes up: the same fields as a single PutObject, minus Content-MD5 (see below). */
export type MultipartParams = Required<
  Pick<PutObjectCommandInput, 'Bucket' | 'Key' | 'Body' | 'ContentLength' | 'ContentType' | 'Metadata'>
>;

/**
 * Uploads one object in parts with lib-storage, which aborts the multipart upload on failure so no
 * orphaned parts are left to bill. Content-MD5 is left out on purpose: lib-storage copies the params
 * into every UploadPart, where a whole-file MD5 would be wrong; each part's body is a buffer, signed
 * with its SHA-256 like any SigV4 request.
 */
export async function uploadInParts(
  client: S3Client,
  params: MultipartParams,
  onProgress?: (sentBytes: number) => void,
): Promise<void> {
  const upload = new Upload({
    client,
    params,
    partSize: partSizeFor(params.ContentLength),
    queueSize: PARTS_IN_FLIGHT,
    leavePartsOnError: false,
  });
  if (onProgress) upload.on('httpUploadProgress', (progress) => onProgress(progress.loaded ?? 0));
  await upload.done();
}
