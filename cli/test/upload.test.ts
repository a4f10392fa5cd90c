import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { DEMO_BUCKET } from '../../local/local-stack';
import { startCliHarness, type CliHarness } from './support/cli-harness';
import { startS3Proxy } from './support/s3-proxy';

interface Summary {
  files: number;
  uploaded: number;
  skipped: number;
  failed: number;
  failures: { file: string; error: string }[];
}

const FILES = 200;
let harness: CliHarness;
let folder: string;

async function keysUnder(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await harness.stack.s3.client.send(
      new ListObjectsV2Command({ Bucket: DEMO_BUCKET, Prefix: prefix, ContinuationToken: token }),
    );
    keys.push(...(page.Contents ?? []).map((object) => object.Key ?? ''));
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

const upload = () =>
  harness.cli(['upload', folder, '--endpoint', 'pics', '--prefix', 'batch/', '--output', 'json']);

beforeAll(async () => {
  harness = await startCliHarness();
  await harness.stack.putEndpoint({
    id: 'pics',
    origins: [{ type: 's3', bucket: DEMO_BUCKET, prefix: 'pics' }],
  });
  folder = join(harness.dir, 'photos');
  mkdirSync(join(folder, 'nested'), { recursive: true });
  const image = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#aa3300' } })
    .png()
    .toBuffer();
  writeFileSync(join(folder, 'nested', 'real.png'), image);
  for (let index = 1; index < FILES; index += 1) {
    writeFileSync(join(folder, `file-${String(index).padStart(3, '0')}.txt`), `file number ${index}\n`);
  }
  // Forced failures: files that vanished (dangling links) and one that can never be read (a link loop).
  for (const name of ['gone-1.jpg', 'gone-2.jpg', 'gone-3.jpg']) {
    symlinkSync(join(harness.dir, 'deleted', name), join(folder, name));
  }
  symlinkSync(join(folder, 'loop.jpg'), join(folder, 'loop.jpg'));
});
afterAll(() => harness.close());

describe('imgfront upload', () => {
  it('uploads every readable file in parallel, lists each failure, and exits 1', async () => {
    const result = await upload();
    expect(result.code).toBe(1);
    const summary = result.json<Summary>();
    expect(summary).toMatchObject({ files: FILES + 4, uploaded: FILES, skipped: 0, failed: 4 });
    expect(summary.failures.map((failure) => failure.file).sort()).toEqual([
      'gone-1.jpg',
      'gone-2.jpg',
      'gone-3.jpg',
      'loop.jpg',
    ]);
    expect(summary.failures.find((failure) => failure.file === 'gone-1.jpg')?.error).toMatch(/ENOENT/);
    expect(summary.failures.find((failure) => failure.file === 'loop.jpg')?.error).toMatch(/ELOOP/);

    const keys = await keysUnder('pics/batch/');
    expect(keys).toHaveLength(FILES);
    expect(keys).toContain('pics/batch/nested/real.png');
    const served = await fetch(`${harness.stack.url}/pics/batch/nested/real.png?tr=w-4`);
    expect(served.status).toBe(200);
  });

  it('skips files already there on a rerun and uploads only what changed', async () => {
    const rerun = await upload();
    expect(rerun.json<Summary>()).toMatchObject({ uploaded: 0, skipped: FILES, failed: 4 });
    expect(rerun.code).toBe(1);

    for (const name of ['gone-1.jpg', 'gone-2.jpg', 'gone-3.jpg', 'loop.jpg']) rmSync(join(folder, name));
    writeFileSync(join(folder, 'file-007.txt'), 'changed\n');
    writeFileSync(join(folder, 'nested', 'new.txt'), 'new\n');

    const text = await harness.cli(['upload', folder, '--endpoint', 'pics', '--prefix', 'batch/']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`${FILES + 1} files: 2 uploaded`);
    expect(text.stdout).toContain(`${FILES - 1} unchanged and skipped, 0 failed`);
  });

  it('retries throttled uploads, and lists the files that still fail once retries run out', async () => {
    const throttling = await startS3Proxy(harness.stack.s3.endpoint);
    try {
      await harness.stack.putEndpoint({
        id: 'busy',
        origins: [
          {
            type: 's3',
            bucket: DEMO_BUCKET,
            prefix: 'busy',
            endpointUrl: throttling.url,
            forcePathStyle: true,
          },
        ],
      });
      const small = join(harness.dir, 'small');
      mkdirSync(small);
      for (const name of ['a.txt', 'b.txt', 'c.txt']) writeFileSync(join(small, name), name);

      throttling.failPuts(2);
      const retried = await harness.cli([
        'upload',
        small,
        '--endpoint',
        'busy',
        '--concurrency',
        '1',
        '-o',
        'json',
      ]);
      expect(retried.code).toBe(0);
      expect(retried.json<Summary>()).toMatchObject({ uploaded: 3, failed: 0 });

      writeFileSync(join(small, 'a.txt'), 'changed');
      throttling.failPuts(1);
      const exhausted = await harness.cli([
        'upload',
        small,
        '--endpoint',
        'busy',
        '--retries',
        '0',
        '-o',
        'json',
      ]);
      expect(exhausted.code).toBe(1);
      expect(exhausted.json<Summary>()).toMatchObject({ uploaded: 0, skipped: 2, failed: 1 });
      expect(exhausted.json<Summary>().failures[0]).toMatchObject({
        file: 'a.txt',
        error: expect.stringMatching(/SlowDown/),
      });
    } finally {
      await throttling.close();
    }
  });

  it('refuses a missing folder or endpoint option, or a threshold below 5 MiB, as usage errors', async () => {
    const [noFolder, noEndpoint, tinyThreshold] = await Promise.all([
      harness.cli(['upload', join(harness.dir, 'absent'), '--endpoint', 'pics']),
      harness.cli(['upload', folder]),
      harness.cli(['upload', folder, '--endpoint', 'pics', '--multipart-threshold', '1MiB']),
    ]);
    expect([noFolder.code, noEndpoint.code, tinyThreshold.code]).toEqual([2, 2, 2]);
    expect(tinyThreshold.stderr).toContain(
      'expected a size from 5.0 MiB to 5.0 GiB (like 16MiB) for --multipart-threshold but received "1MiB"',
    );
  });
});
