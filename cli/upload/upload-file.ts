import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { fromSdkError } from '../../shared/aws/sdk-errors';
import { ImageError } from '../../shared/errors/image-error';
import { backoffDelay, type BackoffOptions } from '../../shared/purge/backoff';
import { contentTypeFor } from './content-type';
import type { LocalFile } from './walk-files';

/** What happened to one file. */
export interface UploadOutcome {
  file: string;
  key: string;
  outcome: 'uploaded' | 'skipped' | 'failed';
  /** Bytes sent (uploaded) or already there (skipped). */
  bytes: number;
  attempts: number;
  error?: string;
}

/** S3's limit for one PutObject; larger files need a multipart upload. */
export const MAX_SINGLE_PUT_BYTES = 5 * 1024 ** 3;
/** User metadata holding the file's MD5, for buckets whose ETag is not the MD5 (SSE-KMS). */
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
  client: S3Client;
  bucket: string;
  /** Extra attempts for transient failures (throttling, 5xx, timeouts, resets). */
  retries: number;
  backoff?: Partial<BackoffOptions>;
}

/**
 * Uploads one file to `key` with PutObject (Content-MD5 so S3 verifies the bytes), unless the object
 * there already has the same MD5 (ETag or the stored `imgfront-md5` metadata). Transient failures are
 * retried with backoff; the outcome is returned, never thrown, so one file never stops the others.
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

  async function alreadyThere(key: string, md5: string): Promise<boolean> {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return head.ETag?.replace(/"/g, '') === md5 || head.Metadata?.[MD5_METADATA_KEY] === md5;
    } catch (error) {
      const failure = fromSdkError(error, `HeadObject s3://${bucket}/${key}`);
      if (failure.code === 'ENOENT') return false;
      throw failure;
    }
  }

  async function attempt(file: LocalFile, key: string): Promise<Pick<UploadOutcome, 'outcome' | 'bytes'>> {
    const digest = await digestOf(file.absolutePath).catch((error: unknown) => {
      throw toUploadError(error, file.relativePath);
    });
    if (digest.bytes > MAX_SINGLE_PUT_BYTES) {
      throw new ImageError('ELIMIT', 'larger than 5 GiB: one PutObject cannot take it', {
        internal: 'multipart uploads need @aws-sdk/lib-storage, which is not installed',
      });
    }
    if (await alreadyThere(key, digest.hex)) return { outcome: 'skipped', bytes: digest.bytes };
    try {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: createReadStream(file.absolutePath),
          ContentLength: digest.bytes,
          ContentMD5: digest.base64,
          ContentType: contentTypeFor(file.relativePath),
          Metadata: { [MD5_METADATA_KEY]: digest.hex },
        }),
      );
    } catch (error) {
      throw toUploadError(error, `PutObject s3://${bucket}/${key}`);
    }
    return { outcome: 'uploaded', bytes: digest.bytes };
  }

  return async (file, key) => {
    for (let attempts = 1; ; attempts += 1) {
      try {
        return { file: file.relativePath, key, attempts, ...(await attempt(file, key)) };
      } catch (error) {
        const failure = error instanceof ImageError ? error : toUploadError(error, file.relativePath);
        if (!failure.transient || attempts >= backoff.attempts) {
          const reason = failure.internal ? `${failure.message} (${failure.internal})` : failure.message;
          return { file: file.relativePath, key, outcome: 'failed', bytes: 0, attempts, error: reason };
        }
        await pause(backoffDelay(attempts, backoff));
      }
    }
  };
}
