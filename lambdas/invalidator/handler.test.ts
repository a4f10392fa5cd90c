import type { SQSBatchResponse } from 'aws-lambda';
import { startCloudFrontStub, type CloudFrontStub } from '../../local/cloudfront-stub';
import {
  createRegistryTable,
  LOCAL_CREDENTIALS,
  startDynamo,
  type RunningDynamo,
} from '../../local/emulators';
import { ENV } from '../../shared/config/env-names';
import { lambdaContext } from '../../shared/versioning/testing/lambda-context';
import { handler } from './handler';
import { sqsRecord } from '../../shared/purge/testing/sqs-records';
import { captureStdout } from '../../test/support/stdout-capture';

let dynamo: RunningDynamo;
let cloudFront: CloudFrontStub;
const savedEnv = { ...process.env };

beforeAll(async () => {
  dynamo = await startDynamo();
  await createRegistryTable(dynamo.client, 'registry');
  cloudFront = await startCloudFrontStub();
  Object.assign(process.env, {
    [ENV.registryTable]: 'registry',
    [ENV.dynamoEndpoint]: dynamo.endpoint,
    [ENV.distributionId]: 'EHANDLERTEST',
    [ENV.cloudFrontEndpoint]: cloudFront.endpoint,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  });
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterAll(async () => {
  process.env = savedEnv;
  jest.restoreAllMocks();
  await Promise.all([cloudFront.close(), dynamo.close()]);
});

describe('invalidation Lambda', () => {
  it('purges a queue batch and reports malformed messages as batch item failures', async () => {
    const response = (await handler(
      {
        Records: [
          sqsRecord('good', JSON.stringify({ paths: ['/demo/a.jpg*'], requestedAt: 1 })),
          sqsRecord('bad', '{"paths": "nope"}'),
        ],
      },
      lambdaContext(),
    )) as SQSBatchResponse;
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }]);
    expect(cloudFront.invalidations.map((invalidation) => invalidation.paths)).toEqual([['/demo/a.jpg*']]);
  });

  it('purges on direct invocation and answers with the invalidation', async () => {
    const outcome = await handler({ paths: ['/demo/b.jpg*'] }, lambdaContext());
    expect(outcome).toMatchObject({
      invalidationId: cloudFront.invalidations[1]?.id,
      status: 'InProgress',
      alreadySubmitted: false,
    });
  });

  it('prints InvalidationPaths and PurgeLatency as one EMF line when the invocation ends', async () => {
    const stdout = captureStdout();
    try {
      const requestedAt = Date.now() - 1_000;
      await handler({ paths: ['/demo/d.jpg*', '/demo/e.jpg*'], requestedAt }, lambdaContext());
      const [line, ...others] = stdout.emfLines();
      expect(others).toEqual([]);
      expect(line?._aws.CloudWatchMetrics).toEqual([
        {
          Namespace: 'imgfront',
          Dimensions: [['service']],
          Metrics: [
            { Name: 'InvalidationPaths', Unit: 'Count' },
            { Name: 'PurgeLatency', Unit: 'Milliseconds' },
          ],
        },
      ]);
      expect(line).toMatchObject({ service: 'imgfront-invalidator', InvalidationPaths: 2 });
      expect(line?.PurgeLatency).toBeGreaterThanOrEqual(1_000);
    } finally {
      stdout.restore();
    }
  });

  it('gives up backing off before the Lambda times out, leaving the batch for redelivery', async () => {
    cloudFront.failNext(50);
    const started = Date.now();
    const response = (await handler(
      { Records: [sqsRecord('late', JSON.stringify({ paths: ['/demo/c.jpg*'], requestedAt: 2 }))] },
      lambdaContext(5_500),
    )) as SQSBatchResponse;
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'late' }]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('on its schedule, checks the purges in progress and answers how many completed', async () => {
    // The three purges above; CloudFront (the stub) has completed them by now.
    expect(await handler({ checkPurges: true }, lambdaContext())).toEqual({ checked: 3, completed: 3 });
    expect(await handler({ checkPurges: true }, lambdaContext())).toEqual({ checked: 0, completed: 0 });
  });
});
