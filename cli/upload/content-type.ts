import { extname } from 'node:path';

const TYPES: Record<string, string> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.heic': 'image/heic',
  '.heif': 'image/heif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The Content-Type stored with an upload, from the file name. The service sniffs the bytes and never
 * trusts it, but browsers and other tools reading the bucket do.
 */
export const contentTypeFor = (fileName: string): string =>
  TYPES[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
