import {
  createRegistryTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startDynamo,
  type RunningDynamo,
} from '../../local/emulators';
import { ENV } from '../../shared/config/env-names';
import { startSqsStub, type SqsStub } from '../../shared/purge/testing/sqs-stub';
import { putEndpoint } from '../../shared/registry/endpoint-writer';
import { eventBridgeEvent, s3Notification } from '../../shared/versioning/testing/s3-events';
import { lambdaContext } from '../../shared/versioning/testing/lambda-context';
import { captureStdout } from '../../test/support/stdout-capture';
import { handler } from './handler';

let dynamo: RunningDynamo;
let sqs: SqsStub;
const savedEnv = { ...process.env };

beforeAll(async () => {
  dynamo = await startDynamo();
  await createRegistryTable(dynamo.client, 'registry');
  await putEndpoint(dynamo.client, 'registry', {
    id: 'demo',
    origins: [{ type: 's3', bucket: 'media-bucket' }],
  });
  sqs = await startSqsStub();
  Object.assign(process.env, {
    [ENV.registryTable]: 'registry',
    [ENV.dynamoEndpoint]: dynamo.endpoint,
    [ENV.purgeQueueUrl]: sqs.queueUrl,
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  });
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterAll(async () => {
  process.env = savedEnv;
  jest.restoreAllMocks();
  await Promise.all([sqs.close(), dynamo.close()]);
});

const change = (kind: 'created' | 'deleted', step: number) => ({
  kind,
  bucket: 'media-bucket',
  key: 'hero banner.jpg',
  sequencer: `0000000000000000${step}`,
  time: 1_700_000_000_000 + step,
});

describe('version writer Lambda', () => {
  it('records S3 notifications and queues a purge message for an overwrite', async () => {
    expect(await handler(s3Notification([change('created', 1)]), lambdaContext())).toMatchObject({
      applied: 1,
      purges: 0,
    });
    expect(await handler(s3Notification([change('created', 2)]), lambdaContext())).toMatchObject({
      applied: 1,
      purges: 1,
    });
    expect(sqs.messages.map((message) => JSON.parse(message.body))).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f]{40}$/),
        paths: ['/demo/hero%20banner.jpg*', '/demo/ik-seo/hero%20banner/*'],
        requestedAt: expect.any(Number),
      },
    ]);
  });

  it('records EventBridge events the same way', async () => {
    expect(await handler(eventBridgeEvent(change('deleted', 3)), lambdaContext())).toMatchObject({
      applied: 1,
      purges: 1,
    });
  });

  it('fails the invocation when the purge cannot be queued, and the retry queues the same purge', async () => {
    const before = sqs.messages.length;
    sqs.failNextEntries(3);
    await expect(handler(s3Notification([change('created', 4)]), lambdaContext())).rejects.toMatchObject({
      retryable: true,
    });
    expect(await handler(s3Notification([change('created', 4)]), lambdaContext())).toMatchObject({
      duplicate: 1,
      purges: 1,
    });
    expect(sqs.messages.length - before).toBe(1);
  });

  it('prints VersionsRecorded and PurgesRequested as one EMF line per invocation', async () => {
    const stdout = captureStdout();
    try {
      await handler(s3Notification([change('created', 5)]), lambdaContext());
      const [line, ...others] = stdout.emfLines();
      expect(others).toEqual([]);
      expect(line?._aws.CloudWatchMetrics).toEqual([
        {
          Namespace: 'imgfront',
          Dimensions: [['service']],
          Metrics: [
            { Name: 'VersionsRecorded', Unit: 'Count' },
            { Name: 'PurgesRequested', Unit: 'Count' },
          ],
        },
      ]);
      expect(line).toMatchObject({
        service: 'imgfront-version-writer',
        VersionsRecorded: 1,
        PurgesRequested: 1,
      });
    } finally {
      stdout.restore();
    }
  });
});
