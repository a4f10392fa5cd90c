import {
  CloudFrontClient,
  CreateInvalidationCommand,
  GetInvalidationCommand,
  ListInvalidationsCommand,
} from '@aws-sdk/client-cloudfront';
import { startCloudFrontStub, type CloudFrontStub } from './cloudfront-stub';
import { LOCAL_CREDENTIALS } from './emulators';

let stub: CloudFrontStub;
let client: CloudFrontClient;
let distributionCounter = 0;
let distributionId: string;

beforeEach(async () => {
  stub = await startCloudFrontStub({ completeAfterMs: 'manual' });
  client = new CloudFrontClient({
    endpoint: stub.endpoint,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
  });
  distributionId = `E2STUB${++distributionCounter}`;
});
afterEach(async () => {
  client.destroy();
  await stub.close();
});

const invalidate = (paths: string[], callerReference = `ref-${Math.random()}`) =>
  client.send(
    new CreateInvalidationCommand({
      DistributionId: distributionId,
      InvalidationBatch: {
        CallerReference: callerReference,
        Paths: { Quantity: paths.length, Items: paths },
      },
    }),
  );

describe('CloudFront stub through the real SDK', () => {
  it('creates an invalidation and reports it through GetInvalidation and ListInvalidations', async () => {
    const created = await invalidate(['/demo/a.jpg*', '/demo/b&c.jpg'], 'batch-1');
    expect(created.Invalidation?.Status).toBe('InProgress');
    expect(created.Location).toContain(
      `/distribution/${distributionId}/invalidation/${created.Invalidation?.Id}`,
    );

    stub.completeAll();
    const fetched = await client.send(
      new GetInvalidationCommand({ DistributionId: distributionId, Id: created.Invalidation?.Id }),
    );
    expect(fetched.Invalidation).toMatchObject({
      Id: created.Invalidation?.Id,
      Status: 'Completed',
      InvalidationBatch: {
        CallerReference: 'batch-1',
        Paths: { Quantity: 2, Items: ['/demo/a.jpg*', '/demo/b&c.jpg'] },
      },
    });
    expect(fetched.Invalidation?.CreateTime).toBeInstanceOf(Date);

    const listed = await client.send(new ListInvalidationsCommand({ DistributionId: distributionId }));
    expect(listed.InvalidationList?.Items).toEqual([
      expect.objectContaining({ Id: created.Invalidation?.Id, Status: 'Completed' }),
    ]);
  });

  it('hands new invalidation paths to onInvalidate before answering', async () => {
    const seen: string[][] = [];
    stub.onInvalidate((paths) => {
      seen.push([...paths]);
    });
    await invalidate(['/demo/%C3%A9t%C3%A9.jpg*']);
    expect(seen).toEqual([['/demo/%C3%A9t%C3%A9.jpg*']]);
  });

  it('answers a repeated CallerReference with the same invalidation instead of a new one', async () => {
    const first = await invalidate(['/demo/a.jpg*'], 'same-batch');
    const again = await invalidate(['/demo/a.jpg*'], 'same-batch');
    expect(again.Invalidation?.Id).toBe(first.Invalidation?.Id);
    expect(stub.invalidations).toHaveLength(1);
    await expect(invalidate(['/demo/other.jpg*'], 'same-batch')).rejects.toMatchObject({
      name: 'InvalidationBatchAlreadyExists',
    });
  });

  it('refuses a 16th wildcard path while 15 are in progress, and accepts it once they complete', async () => {
    await invalidate(Array.from({ length: 15 }, (_, index) => `/demo/${index}.jpg*`));
    await expect(invalidate(['/demo/16.jpg*'])).rejects.toMatchObject({
      name: 'TooManyInvalidationsInProgress',
      $metadata: { httpStatusCode: 400 },
    });
    stub.completeAll();
    await expect(invalidate(['/demo/16.jpg*'])).resolves.toBeDefined();
  });

  it('answers TooManyInvalidationsInProgress when told to, which the SDK does not retry', async () => {
    stub.failNext(2);
    await expect(invalidate(['/demo/a.jpg*'])).rejects.toMatchObject({
      name: 'TooManyInvalidationsInProgress',
    });
    expect(stub.createRequests).toBe(1);
  });

  it('answers Throttling when told to, which the SDK retries by itself', async () => {
    stub.failNext(1, 'Throttling');
    const created = await invalidate(['/demo/a.jpg*']);
    expect(created.Invalidation?.Id).toBeDefined();
    expect(created.$metadata.attempts).toBe(2);
    expect(stub.createRequests).toBe(2);
  });

  it('refuses paths CloudFront would refuse', async () => {
    await expect(invalidate(['demo/no-slash.jpg'])).rejects.toMatchObject({ name: 'InvalidArgument' });
    await expect(invalidate(['/demo/*/inner.jpg'])).rejects.toMatchObject({ name: 'InvalidArgument' });
    await expect(
      client.send(new GetInvalidationCommand({ DistributionId: distributionId, Id: 'NOPE' })),
    ).rejects.toMatchObject({ name: 'NoSuchInvalidation' });
  });
});
