import { S3Client } from '@aws-sdk/client-s3';
import type { S3Origin } from '../../shared/registry/endpoint-schema';
import type { Target } from './target';

/**
 * An S3 client for an origin's bucket with the operator's own credentials (never the service's
 * cross-account role). SDK retries are off by default because callers retry whole operations (a
 * streamed upload body cannot be replayed); pass `maxAttempts` for calls whose bodies are buffers
 * (multipart parts), which the SDK can resend. Checksums are sent only where required: Content-MD5 and
 * signed payload hashes already cover integrity, and S3-compatible stores (the local emulator
 * included) would store aws-chunked trailers as part of the object.
 */
export function operatorS3Client(target: Target, origin: S3Origin, maxAttempts = 1): S3Client {
  const endpoint = origin.endpointUrl ?? target.config.s3Endpoint;
  return new S3Client({
    ...target.clientDefaults,
    region: origin.region ?? target.clientDefaults.region,
    endpoint,
    forcePathStyle: origin.forcePathStyle || endpoint !== undefined,
    maxAttempts,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
}
