import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_BUCKET } from '../../local/local-stack';
import { startCliHarness, type CliHarness } from './support/cli-harness';
import { startS3Proxy, type S3Proxy } from './support/s3-proxy';

interface Summary {
  uploaded: number;
  skipped: number;
  failed: number;
  multipart: number;
}

const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');
let harness: CliHarness;
let s3: S3Proxy;
let large: string;
let big: Buffer;

const uploadLarge = (...extra: string[]) =>
  harness.cli([
    'upload',
    large,
    '--endpoint',
    'large',
    '--multipart-threshold',
    '5MiB',
    '-o',
    'json',
    ...extra,
  ]);
const head = (key: string) =>
  harness.stack.s3.client.send(new HeadObjectCommand({ Bucket: DEMO_BUCKET, Key: key }));
const partRequests = () => s3.requests.filter((line) => /[?&](uploads|uploadId=)/.test(line));

beforeAll(async () => {
  harness = await startCliHarness();
  s3 = await startS3Proxy(harness.stack.s3.endpoint);
  await harness.stack.putEndpoint({
    id: 'large',
    origins: [
      { type: 's3', bucket: DEMO_BUCKET, prefix: 'large', endpointUrl: s3.url, forcePathStyle: true },
    ],
  });
  large = join(harness.dir, 'large');
  mkdirSync(large);
  // 6 MiB of varied bytes: two parts (5 MiB + 1 MiB) above a 5 MiB threshold.
  big = Buffer.alloc(6 * 1024 * 1024, 0);
  for (let offset = 0; offset < big.length; offset += 4)
    big.writeUInt32LE((offset * 2654435761) >>> 0, offset);
  writeFileSync(join(large, 'big.bin'), big);
  writeFileSync(join(large, 'small.txt'), 'small\n');
});
afterAll(async () => {
  await s3.close();
  await harness.close();
});

describe('imgfront upload of large files, and the MD5 that lets reruns skip them', () => {
  it('sends files above the threshold in parts, others in one PUT, each with its MD5 in metadata', async () => {
    const result = await uploadLarge();
    expect(result.code).toBe(0);
    expect(result.json<Summary>()).toMatchObject({ files: 2, uploaded: 2, multipart: 1, failed: 0 });

    // Create, the two parts (in flight together, so in either order), Complete.
    const calls = partRequests().map((line) => line.replace(/uploadId=\w+/, 'uploadId=ID').split('&x-id')[0]);
    const object = `/${DEMO_BUCKET}/large/big.bin`;
    expect([calls[0], ...calls.slice(1, -1).sort(), calls.at(-1)]).toEqual([
      `POST ${object}?uploads=`,
      `PUT ${object}?partNumber=1&uploadId=ID`,
      `PUT ${object}?partNumber=2&uploadId=ID`,
      `POST ${object}?uploadId=ID`,
    ]);
    expect(s3.requests).toContainEqual(
      expect.stringMatching(/^PUT \/imgfront-demo\/large\/small\.txt\?x-id=PutObject$/),
    );

    const stored = await head('large/big.bin');
    expect(stored.ContentLength).toBe(big.length);
    expect(stored.Metadata).toEqual({ 'imgfront-md5': md5(big) });
    expect((await head('large/small.txt')).Metadata).toEqual({ 'imgfront-md5': md5(Buffer.from('small\n')) });
    const body = await harness.stack.s3.client.send(
      new GetObjectCommand({ Bucket: DEMO_BUCKET, Key: 'large/big.bin' }),
    );
    expect(md5(Buffer.from(await body.Body!.transformToByteArray()))).toBe(md5(big));
  });

  it('skips unchanged multipart objects by the stored MD5 though their ETag is not one', async () => {
    s3.multipartEtags(true);
    try {
      const rerun = await uploadLarge();
      expect(rerun.json<Summary>()).toMatchObject({ uploaded: 0, skipped: 2 });

      big.writeUInt8(big.readUInt8(0) ^ 0xff, 0);
      writeFileSync(join(large, 'big.bin'), big);
      const changed = await uploadLarge();
      expect(changed.json<Summary>()).toMatchObject({ uploaded: 1, multipart: 1, skipped: 1 });
      expect((await head('large/big.bin')).Metadata).toEqual({ 'imgfront-md5': md5(big) });
    } finally {
      s3.multipartEtags(false);
    }
  });

  it('resends a throttled part without restarting the file', async () => {
    big.writeUInt8(big.readUInt8(1) ^ 0xff, 1);
    writeFileSync(join(large, 'big.bin'), big);
    const before = partRequests().length;
    s3.failPuts(1);
    const result = await uploadLarge('--retries', '0');
    expect(result.code).toBe(0);
    expect(result.json<Summary>()).toMatchObject({ uploaded: 1, multipart: 1, failed: 0 });
    // One CreateMultipartUpload, a failed part and its resend, two parts, one Complete.
    expect(partRequests().length - before).toBe(5);
  });

  it('falls back to the ETag for objects stored without the MD5, and trusts the MD5 when there is one', async () => {
    const legacy = join(harness.dir, 'legacy');
    mkdirSync(legacy);
    writeFileSync(join(legacy, 'plain.txt'), 'plain\n');
    writeFileSync(join(legacy, 'claimed.txt'), 'claimed\n');
    const put = (key: string, body: string, metadata?: Record<string, string>) =>
      harness.stack.s3.client.send(
        new PutObjectCommand({ Bucket: DEMO_BUCKET, Key: key, Body: body, Metadata: metadata }),
      );
    await harness.stack.putEndpoint({
      id: 'legacy',
      origins: [{ type: 's3', bucket: DEMO_BUCKET, prefix: 'legacy' }],
    });
    await put('legacy/plain.txt', 'plain\n');
    // Same bytes, so the same ETag, but metadata claiming other bytes: the claim wins and it is resent.
    await put('legacy/claimed.txt', 'claimed\n', { 'imgfront-md5': md5(Buffer.from('older\n')) });

    const result = await harness.cli(['upload', legacy, '--endpoint', 'legacy', '-o', 'json']);
    expect(result.json<Summary>()).toMatchObject({ uploaded: 1, skipped: 1, failed: 0 });
    expect((await head('legacy/claimed.txt')).Metadata).toEqual({
      'imgfront-md5': md5(Buffer.from('claimed\n')),
    });
  });
});
