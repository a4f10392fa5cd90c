import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startS3Proxy } from '../../cli/test/support/s3-proxy';
import { startCloudFrontStub, type CloudFrontStub } from '../../local/cloudfront-stub';
import {
  createRegistryTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startDynamo,
  startS3,
  type RunningDynamo,
  type RunningS3,
} from '../../local/emulators';
import { silentEventLog } from '../log/event-log';
import { createCopyPurger } from './delete-copies';
import { createInvalidationApi } from './invalidation-api';
import { createInvalidator } from './invalidator';
import { createPurgeRecordStore } from './purge-records';
import { sqsRecord } from './testing/sqs-records';

/* Purges delete the kept copies they cover, in s3rver, before the invalidation reaches CloudFront's stub. */
const BUCKET = 'copies';
const s3Client = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, forcePathStyle: true };
let directory: string;
let s3: RunningS3;
let dynamo: RunningDynamo;
let stub: CloudFrontStub;
let cloudFront: CloudFrontClient;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'imgfront-copy-purge-'));
  s3 = await startS3({ directory, buckets: [BUCKET] });
  dynamo = await startDynamo();
  await createRegistryTable(dynamo.client, 'purges');
  stub = await startCloudFrontStub();
  cloudFront = new CloudFrontClient({
    endpoint: stub.endpoint,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
});
afterAll(async () => {
  cloudFront.destroy();
  await Promise.all([s3.close(), dynamo.close(), stub.close()]);
  rmSync(directory, { recursive: true, force: true });
});

const put = (keys: readonly string[]) =>
  Promise.all(keys.map((Key) => s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'x' }))));
async function keys(prefix = ''): Promise<string[]> {
  const found: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.client.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken: token }),
    );
    found.push(...(page.Contents ?? []).flatMap((object) => (object.Key ? [object.Key] : [])));
    token = page.NextContinuationToken;
  } while (token);
  return found.sort();
}

describe('deleting kept copies for purge paths', () => {
  const purge = (paths: readonly string[]) => createCopyPurger({ client: s3.client, bucket: BUCKET })(paths);

  it('deletes what each path covers, as CloudFront matches it, and nothing else', async () => {
    await put(['shop/a.jpg@o1', 'shop/a.jpg@o2', 'shop/a.jpg.bak@o1', 'shop/b.jpg@o1', 'shop2/a.jpg@o1']);
    await put(['shop/dir/x.png@o1', 'shop/dir/y.png@o1', 'shop/c%20d.png@o1', 'other/a.jpg@o1']);
    expect(await purge(['/shop/a.jpg*'])).toEqual({ deleted: 3 });
    expect(await purge(['/shop/c d.png', '/shop/dir/x.png?tr=w-40'])).toEqual({ deleted: 2 });
    expect(await keys()).toEqual(['other/a.jpg@o1', 'shop/b.jpg@o1', 'shop/dir/y.png@o1', 'shop2/a.jpg@o1']);
    expect(await purge(['/shop/*', '/shop/b.jpg*'])).toEqual({ deleted: 2 });
    expect(await keys()).toEqual(['other/a.jpg@o1', 'shop2/a.jpg@o1']);
  });

  it('pages through more copies than one listing holds', async () => {
    const many = Array.from({ length: 25 }, (_, index) => `bulk/f${String(index).padStart(2, '0')}.png@o1`);
    await put(many);
    const paged = createCopyPurger({ client: s3.client, bucket: BUCKET, pageSize: 10 });
    expect(await paged(['/bulk/*'])).toEqual({ deleted: 25 });
    expect(await keys('bulk/')).toEqual([]);
  });

  it('needs one look per endpoint that keeps no copies, however many paths it purges', async () => {
    const proxy = await startS3Proxy(s3.endpoint);
    const client = new S3Client({ ...s3Client, endpoint: proxy.url });
    try {
      const paths = Array.from({ length: 500 }, (_, index) => `/empty/f${index}.png*`);
      expect(await createCopyPurger({ client, bucket: BUCKET })(paths)).toEqual({ deleted: 0 });
      expect(proxy.requests).toEqual([expect.stringMatching(/^GET \/copies\/?\?.*prefix=empty%2F/)]);
    } finally {
      client.destroy();
      await proxy.close();
    }
  });
});

describe('the invalidator with kept copies', () => {
  const invalidatorFor = (bucket: string, distributionId: string) =>
    createInvalidator({
      api: createInvalidationApi({ client: cloudFront, distributionId }),
      records: createPurgeRecordStore({ client: dynamo.client, tableName: 'purges' }),
      distributionId,
      log: silentEventLog,
      deleteCopies: createCopyPurger({ client: s3.client, bucket }),
      backoff: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    });
  const made = (distributionId: string) =>
    stub.invalidations.filter((item) => item.distributionId === distributionId);

  it('deletes the copies, then invalidates', async () => {
    await put(['demo/a.jpg@o1']);
    const body = JSON.stringify({ paths: ['/demo/a.jpg*'], requestedAt: 1 });
    const answer = await invalidatorFor(BUCKET, 'ECOPIES1').handleQueueBatch({
      Records: [sqsRecord('m1', body)],
    });
    expect(answer.batchItemFailures).toEqual([]);
    expect(await keys('demo/')).toEqual([]);
    expect(made('ECOPIES1').map((item) => item.paths)).toEqual([['/demo/a.jpg*']]);
  });

  it('leaves a purge for redelivery, uninvalidated, when its copies cannot be deleted', async () => {
    const broken = invalidatorFor('no-such-bucket', 'ECOPIES2');
    const body = JSON.stringify({ paths: ['/demo/b.jpg*'], requestedAt: 2 });
    const answer = await broken.handleQueueBatch({ Records: [sqsRecord('m2', body)] });
    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: 'm2' }]);
    await expect(broken.purgeNow({ paths: ['/demo/b.jpg*'] })).rejects.toMatchObject({
      code: 'UNIDENTIFIED',
    });
    expect(made('ECOPIES2')).toEqual([]);
  });
});
