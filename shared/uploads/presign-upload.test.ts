import { GetObjectCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startS3, type RunningS3 } from '../../local/emulators';
import { ImageError } from '../errors/image-error';
import { parseEndpoint, type Endpoint } from '../registry/endpoint-schema';
import { presignUpload } from './presign-upload';

const BUCKET = 'uploads-test';
let s3: RunningS3;
let directory: string;

const endpoint = (document: unknown): Endpoint => {
  const parsed = parseEndpoint(document);
  if (!parsed.ok) throw new TypeError(parsed.message);
  return parsed.endpoint;
};
const products = endpoint({
  id: 'products',
  origins: [{ type: 's3', bucket: BUCKET, prefix: 'catalogue/' }],
});
const body = Buffer.alloc(1000, 7);

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'imgfront-presign-'));
  s3 = await startS3({ directory, buckets: [BUCKET] });
});
afterAll(async () => {
  await s3.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('presigned uploads', () => {
  it('lets a browser PUT the declared image straight into the origin prefix', async () => {
    const upload = await presignUpload(s3.client, products, {
      path: 'new/blue shoe.jpg',
      contentType: 'image/jpeg',
      contentLength: body.length,
    });
    const response = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body });
    expect(response.status).toBe(200);
    expect(upload.key).toBe('catalogue/new/blue shoe.jpg');
    const stored = await s3.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: upload.key }));
    expect(stored.ContentType).toBe('image/jpeg');
    expect(stored.ContentLength).toBe(body.length);
  });

  // s3rver does not verify SigV4 (its authentication middleware says so), so this asserts what S3
  // enforces: the type and size are among the signed headers, and the URL expires.
  it('binds the content type and size into the signature and expires', async () => {
    const upload = await presignUpload(
      s3.client,
      products,
      { path: 'a.jpg', contentType: 'image/jpeg', contentLength: 10 },
      { expiresInSeconds: 120 },
    );
    const query = new URL(upload.url).searchParams;
    expect(query.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
      expect.arrayContaining(['content-length', 'content-type', 'host']),
    );
    expect(query.get('X-Amz-Expires')).toBe('120');
  });

  it.each([
    ['a scriptable type', { path: 'a.svg', contentType: 'image/svg+xml', contentLength: 10 }, 'EINVALID'],
    [
      'a size above the limit',
      { path: 'a.jpg', contentType: 'image/jpeg', contentLength: 26 * 1024 * 1024 },
      'ELIMIT',
    ],
    [
      'a path that climbs out of the prefix',
      { path: '../secrets/a.jpg', contentType: 'image/jpeg', contentLength: 10 },
      'EINVALID',
    ],
    ['an empty file', { path: 'a.jpg', contentType: 'image/jpeg', contentLength: 0 }, 'EINVALID'],
  ])('refuses %s before signing anything', async (_case, request, code) => {
    const failure = await presignUpload(s3.client, products, request).catch((error: unknown) => error);
    expect((failure as ImageError).code).toBe(code);
  });
});
