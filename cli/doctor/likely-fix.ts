import type { ErrorCode } from '../../shared/errors/image-error';
import type { Origin } from '../../shared/registry/endpoint-schema';

type OriginType = Origin['type'];

const BY_CODE: Record<ErrorCode, (type: OriginType, retryable: boolean) => string> = {
  ENOENT: (type) =>
    type === 's3'
      ? 'No object at that key: check the path, the origin\'s "prefix" and letter case (S3 keys are case-sensitive).'
      : 'The server answered 404/410: check "baseUrl" (a folder; the path is appended to it) and the path.',
  EACCES: (type) =>
    type === 's3'
      ? 'Access denied (or the bucket does not exist): the service role needs s3:GetObject on the bucket ' +
        '(and kms:Decrypt for SSE-KMS); for another account\'s bucket set "roleArn" and let that role read it.'
      : 'The server answered 401/403: send what it expects ("headers", "basicAuth"), or allow ' +
        "imgfront's User-Agent (imgfront/<version>) in its WAF or hotlink protection.",
  ECONNREFUSED: (type) =>
    type === 's3'
      ? 'Could not reach S3: check "region" and "endpointUrl".'
      : 'Could not connect: check the host name, DNS and firewall. Private and loopback addresses are ' +
        'refused on purpose (SSRF guard), and a proxied host must be listed in "allowedHosts".',
  ETIMEDOUT: () =>
    "The origin was too slow: check its health and its latency from the stack's region; very large " +
    'originals take longer (consider storing smaller ones).',
  ELIMIT: () =>
    'The original exceeds a limit (bytes, pixels or frames): store smaller originals, or raise ' +
    'IMGFRONT_MAX_SOURCE_BYTES / IMGFRONT_MAX_INPUT_PIXELS / IMGFRONT_MAX_ANIMATION_FRAMES.',
  EINVALID: (type) =>
    type === 'webProxy'
      ? 'The path must name an allowed URL (https://<host in "allowedHosts">/<file>) holding an image.'
      : 'Not an image the service reads (JPEG, PNG, WebP, GIF, AVIF, HEIF, SVG). An HTML error page ' +
        'served with status 200 looks like this: check what the origin really returns for this path.',
  ESIGNATURE: () => 'Signatures concern viewers, not origins: check the endpoint\'s "signing" settings.',
  EMETHOD: () => 'Viewers may only GET, HEAD or OPTIONS images; origins are always read with GET.',
  UNIDENTIFIED: (_type, retryable) =>
    retryable
      ? 'The origin is failing, throttling or answering oddly (5xx, 429, resets, an unusual status, too ' +
        'many redirects): check its health; meanwhile the service answers 503 with a short cache lifetime.'
      : 'An unexpected failure (for example a secret that cannot be read): see the detail above.',
};

/** The most likely fix for an error code met while fetching from an origin of this type. */
export const likelyFix = (code: ErrorCode, type: OriginType, retryable: boolean): string =>
  BY_CODE[code](type, retryable);
