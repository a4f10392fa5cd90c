import { createRegistryTable, startDynamo, type RunningDynamo } from '../../local/emulators';
import { purgeIdOf, type PurgeMessage } from '../../shared/purge/purge-message';
import { startSqsStub, type SqsStub } from '../../shared/purge/testing/sqs-stub';
import { putEndpoint } from '../../shared/registry/endpoint-writer';
import { runCliProcess } from './support/cli-harness';

const TABLE = 'stack-registry-abc123';
let dynamo: RunningDynamo;
let sqs: SqsStub;
let awsEnv: Record<string, string>;

beforeAll(async () => {
  [dynamo, sqs] = await Promise.all([startDynamo(), startSqsStub()]);
  await createRegistryTable(dynamo.client, TABLE);
  await putEndpoint(dynamo.client, TABLE, { id: 'demo', origins: [{ type: 's3', bucket: 'demo-bucket' }] });
  // The SDK's own settings, as an operator's shell would have them; DynamoDB is redirected to dynalite.
  awsEnv = {
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PROFILE: '',
    IMGFRONT_REGISTRY_TABLE: '',
    IMGFRONT_PURGE_QUEUE_URL: '',
  };
});
afterAll(async () => {
  await Promise.all([dynamo.close(), sqs.close()]);
});

describe('imgfront against a deployed stack (flags and environment instead of --local)', () => {
  it('reads the registry table named by --table or IMGFRONT_REGISTRY_TABLE', async () => {
    const [byFlag, byEnv] = await Promise.all([
      runCliProcess(['endpoint', 'list', '--table', TABLE], awsEnv),
      runCliProcess(['endpoint', 'get', 'demo', '-o', 'json'], { ...awsEnv, IMGFRONT_REGISTRY_TABLE: TABLE }),
    ]);
    expect(byFlag.code).toBe(0);
    expect(byFlag.stdout).toContain('demo\n    s3://demo-bucket/');
    expect(byEnv.code).toBe(0);
    expect(byEnv.json()).toMatchObject({ id: 'demo' });
  });

  it('queues a purge on the purge queue and reports it Queued until the invalidator records it', async () => {
    const purged = await runCliProcess(
      ['purge', 'demo/photos/a.jpg', '--table', TABLE, '--queue-url', sqs.queueUrl, '-o', 'json'],
      awsEnv,
    );
    expect(purged.code).toBe(0);
    const { purgeId, status } = purged.json<{ purgeId: string; status: string }>();
    expect(status).toBe('Queued');
    const message = JSON.parse(sqs.messages[0]?.body ?? '{}') as PurgeMessage;
    expect(message.paths).toEqual(['/demo/photos/a.jpg*']);
    expect(purgeIdOf(message)).toBe(purgeId);

    const checked = await runCliProcess(['purge', 'status', purgeId, '--table', TABLE], awsEnv);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain(`Purge ${purgeId}: Queued`);
  });

  it('says which stack output to pass when a setting is missing', async () => {
    const [noTable, noQueue] = await Promise.all([
      runCliProcess(['endpoint', 'list'], awsEnv),
      runCliProcess(['purge', 'demo/a.jpg', '--table', TABLE], awsEnv),
    ]);
    expect(noTable.code).toBe(2);
    expect(noTable.stderr).toContain(
      '--table is required (or set IMGFRONT_REGISTRY_TABLE): the stack output RegistryTableName',
    );
    expect(noQueue.code).toBe(2);
    expect(noQueue.stderr).toContain('the stack output PurgeQueueUrl');
  });

  it('builds URLs for the CDN domain without calling AWS', async () => {
    const result = await runCliProcess(
      ['url', 'demo/blue shoe.jpg', '--tr', 'w-400', '--domain', 'img.example.com'],
      {
        ...awsEnv,
        AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:9',
      },
    );
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('https://img.example.com/demo/blue%20shoe.jpg?tr=w-400');
  });
});
