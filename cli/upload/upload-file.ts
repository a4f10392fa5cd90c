import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { fromSdkError } from '../../shared/aws/sdk-errors';
import { ImageError } from '../../shared/errors/image-error';
import { backoffDelay, type BackoffOptions } from '../../shared/purge/backoff';
import { contentTypeFor } from './content-type';
import { MAX_OBJECT_BYTES, MULTIPART_FILES_IN_FLIGHT, uploadInParts } from './multipart-upload';
import { createLimiter } from './run-pool';
import type { LocalFile } from './walk-files';

/** What happened to one file. */
export interface UploadOutcome {
  file: string;
  key: string;
  outcome: 'uploaded' | 'skipped' | 'failed';
  /** Bytes sent (uploaded) or already there (skipped). */
  bytes: number;
  /** Whether it was sent in parts (a multipart upload); false unless uploaded. */
  multipart: boolean;
  attempts: number;
  error?: string;
}

/** Files above this size go up in parts unless `--multipart-threshold` says otherwise. */
export const DEFAULT_MULTIPART_THRESHOLD = 16 * 1024 ** 2;
/**
 * User metadata (`x-amz-meta-imgfront-md5`) holding the file's MD5, stored with every upload: the ETag
 * of a multipart object (or of an SSE-KMS one) is not the MD5 of its bytes.
 */
export const MD5_METADATA_KEY = 'imgfront-md5';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** MD5 and length of the file as it is now, in one read. */
async function digestOf(path: string): Promise<{ hex: string; base64: string; bytes: number }> {
  const hash = createHash('md5');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).byteLength;
  }
  const digest = hash.digest();
  return { hex: digest.toString('hex'), base64: digest.toString('base64'), bytes };
}

/** A file-system failure (the file vanished, is unreadable) will not pass by retrying. */
function toUploadError(error: unknown, what: string): ImageError {
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && !('$metadata' in (error as object))) {
    return new ImageError('ENOENT', `cannot read ${what} (${code})`);
  }
  return fromSdkError(error, what);
}

export interface UploaderOptions {
  /** A client without SDK retries: single PUTs stream the file, which cannot be replayed. */
  client: S3Client;
  /** A client with SDK retries for multipart uploads, whose parts are buffers; defaults to `client`. */
  partClient?: S3Client;
  bucket: string;
  /** Extra attempts for transient failures (throttling, 5xx, timeouts, resets). */
  retries: number;
  /** Files larger than this go up in parts. @default DEFAULT_MULTIPART_THRESHOLD */
  multipartThreshold?: number;
  backoff?: Partial<BackoffOptions>;
  /** Bytes of a multipart file sent so far, as its parts land (for a progress line). */
  onProgress?(file: LocalFile, sentBytes: number): void;
}

type Attempt = Pick<UploadOutcome, 'outcome' | 'bytes' | 'multipart'>;

/**
 * Uploads one file to `key`: in one PutObject with Content-MD5 (so S3 verifies the bytes), or in parts
 * above the multipart threshold, unless the object there already holds the same bytes. The file's MD5
 * is stored in its metadata either way. Transient failures are retried with backoff; the outcome is
 * returned, never thrown, so one file never stops the others.
 */
export function createUploader(
  options: UploaderOptions,
): (file: LocalFile, key: string) => Promise<UploadOutcome> {
  const backoff: BackoffOptions = {
    attempts: options.retries + 1,
    baseDelayMs: 200,
    maxDelayMs: 5000,
    ...options.backoff,
  };
  const { client, bucket } = options;
  const threshold = options.multipartThreshold ?? DEFAULT_MULTIPART_THRESHOLD;
  const inMultipartSlot = createLimiter(MULTIPART_FILES_IN_FLIGHT);

  /** By the MD5 stored with the object when there is one, else by its ETag (the MD5 of a single PUT). */
  async function alreadyThere(key: string, md5: string): Promise<boolean> {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      const storedMd5 = head.Metadata?.[MD5_METADATA_KEY];
      return storedMd5 === undefined ? head.ETag?.replace(/"/g, '') === md5 : storedMd5 === md5;
    } catch (error) {
      const failure = fromSdkError(error, `HeadObject s3://${bucket}/${key}`);
      if (failure.code === 'ENOENT') return false;
      throw failure;
    }
  }

  async function attempt(file: LocalFile, key: string): Promise<Attempt> {
    const digest = await digestOf(file.absolutePath).catch((error: unknown) => {
      throw toUploadError(error, file.relativePath);
    });
    if (digest.bytes > MAX_OBJECT_BYTES) {
      throw new ImageError('ELIMIT', 'larger than 5 TiB, the largest object S3 stores');
    }
    if (await alreadyThere(key, digest.hex)) {
      return { outcome: 'skipped', bytes: digest.bytes, multipart: false };
    }
    const multipart = digest.bytes > threshold;
    const params = () => ({
      Bucket: bucket,
      Key: key,
      Body: createReadStream(file.absolutePath),
      ContentLength: digest.bytes,
      ContentType: contentTypeFor(file.relativePath),
      Metadata: { [MD5_METADATA_KEY]: digest.hex },
    });
    try {
      if (multipart) {
        const partClient = options.partClient ?? client;
        await inMultipartSlot(() =>
          uploadInParts(partClient, params(), (sent) => options.onProgress?.(file, sent)),
        );
      } else {
        await client.send(new PutObjectCommand({ ...params(), ContentMD5: digest.base64 }));
      }
    } catch (error) {
      throw toUploadError(error, `${multipart ? 'multipart upload' : 'PutObject'} s3://${bucket}/${key}`);
    }
    return { outcome: 'uploaded', bytes: digest.bytes, multipart };
  }

  return async (file, key) => {
    for (let attempts = 1; ; attempts += 1) {
      try {
        return { file: file.relativePath, key, attempts, ...(await attempt(file, key)) };
      } catch (error) {
        const failure = error instanceof ImageError ? error : toUploadError(error, file.relativePath);
        if (!failure.retryable || attempts >= backoff.attempts) {
          const reason = failure.internal ? `${failure.message} (${failure.internal})` : failure.message;
          return {
            file: file.relativePath,
            key,
            outcome: 'failed',
            bytes: 0,
            multipart: false,
            attempts,
            error: reason,
          };
        }
        await pause(backoffDelay(attempts, backoff));
      }
    }
  };
}
