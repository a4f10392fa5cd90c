import { createRegistryTable, startDynamo, type RunningDynamo } from '../../local/emulators';
import { purgeIdOf, type PurgeMessage } from '../../shared/purge/purge-message';
import { startSqsStub, type SqsStub } from '../../shared/purge/testing/sqs-stub';
import { putEndpoint } from '../../shared/registry/endpoint-writer';
import { runCliProcess } from './support/cli-harness';
import { startCloudFormationStub, type CloudFormationStub } from './support/cloudformation-stub';

const TABLE = 'stack-registry-abc123';
let dynamo: RunningDynamo;
let sqs: SqsStub;
let cloudFormation: CloudFormationStub;
let awsEnv: Record<string, string>;

beforeAll(async () => {
  [dynamo, sqs] = await Promise.all([startDynamo(), startSqsStub()]);
  cloudFormation = await startCloudFormationStub({
    'imgfront-staging': {
      ImageBaseUrl: 'https://img.staging.example.com',
      DistributionDomainName: 'd111111abcdef8.cloudfront.net',
      DistributionId: 'E1STAGING',
      RegistryTableName: TABLE,
      PurgeQueueUrl: sqs.queueUrl,
    },
    // An older stack: no ImageBaseUrl, and a table the tests override.
    'imgfront-bare': {
      DistributionDomainName: 'd222222abcdef8.cloudfront.net',
      RegistryTableName: 'other-table',
    },
  });
  await createRegistryTable(dynamo.client, TABLE);
  await putEndpoint(dynamo.client, TABLE, { id: 'demo', origins: [{ type: 's3', bucket: 'demo-bucket' }] });
  // The SDK's own settings, as an operator's shell would have them; DynamoDB is redirected to dynalite.
  awsEnv = {
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_REGION: 'eu-west-1',
    AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
    AWS_ENDPOINT_URL_CLOUDFORMATION: cloudFormation.endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PROFILE: '',
    IMGFRONT_REGISTRY_TABLE: '',
    IMGFRONT_PURGE_QUEUE_URL: '',
    IMGFRONT_DOMAIN: '',
    IMGFRONT_STAGE: '',
  };
});
afterAll(async () => {
  await Promise.all([dynamo.close(), sqs.close(), cloudFormation.close()]);
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
    expect(message.paths).toEqual(['/demo/photos/a.jpg*', '/demo/ik-seo/photos/a/*']);
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
      '--table is required (or set IMGFRONT_REGISTRY_TABLE, or name the stage with --stage): the stack output RegistryTableName',
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

describe('imgfront --stage: settings from the stage stack outputs (CloudFormation DescribeStacks)', () => {
  const stackRequests = () => cloudFormation.requests.map((form) => `${form.Action} ${form.StackName}`);

  it('reads the table, purge queue and domain of stack imgfront-<stage>, by flag or IMGFRONT_STAGE', async () => {
    const before = sqs.messages.length;
    const [listed, purged, url] = await Promise.all([
      runCliProcess(['endpoint', 'list', '--stage', 'staging'], awsEnv),
      runCliProcess(['purge', 'demo/b.jpg', '-o', 'json'], { ...awsEnv, IMGFRONT_STAGE: 'staging' }),
      runCliProcess(['url', 'demo/b.jpg', '--tr', 'w-200', '--stage', 'staging'], awsEnv),
    ]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('demo\n    s3://demo-bucket/');
    expect(purged.code).toBe(0);
    expect(purged.json()).toMatchObject({ status: 'Queued', paths: ['/demo/b.jpg*', '/demo/ik-seo/b/*'] });
    expect(sqs.messages.length).toBe(before + 1);
    expect(url.stdout.trim()).toBe('https://img.staging.example.com/demo/b.jpg?tr=w-200');
    expect(stackRequests()).toEqual(Array(3).fill('DescribeStacks imgfront-staging'));
  });

  it('lets flags and environment win over stack outputs, and asks nothing when they cover it all', async () => {
    const before = cloudFormation.requests.length;
    const [tableByFlag, domainByEnv, fallbackDomain, allGiven] = await Promise.all([
      runCliProcess(['endpoint', 'get', 'demo', '--stage', 'bare', '--table', TABLE, '-o', 'json'], awsEnv),
      runCliProcess(['url', 'demo/b.jpg', '--stage', 'staging'], {
        ...awsEnv,
        IMGFRONT_DOMAIN: 'cdn.example.org',
      }),
      runCliProcess(['url', 'demo/b.jpg', '--stage', 'bare'], awsEnv),
      runCliProcess(
        ['url', 'demo/b.jpg', '--stage', 'missing', '--table', TABLE, '--queue-url', sqs.queueUrl],
        { ...awsEnv, IMGFRONT_DOMAIN: 'cdn.example.org' },
      ),
    ]);
    expect(tableByFlag.code).toBe(0);
    expect(tableByFlag.json()).toMatchObject({ id: 'demo' });
    expect(domainByEnv.stdout.trim()).toBe('https://cdn.example.org/demo/b.jpg');
    // A stack without ImageBaseUrl: the distribution's own domain.
    expect(fallbackDomain.stdout.trim()).toBe('https://d222222abcdef8.cloudfront.net/demo/b.jpg');
    expect(allGiven.code).toBe(0);
    expect(cloudFormation.requests.length - before).toBe(3);
  });

  it('fails with exit code 1 and names the stack and region when the stage has no stack', async () => {
    const result = await runCliProcess(['endpoint', 'list', '--stage', 'prod', '-o', 'json'], awsEnv);
    expect(result.code).toBe(1);
    expect(result.json()).toEqual({
      error: {
        code: 'ENOENT',
        message:
          'No stack "imgfront-prod" in eu-west-1: deploy it with `npx cdk deploy -c stage=prod`, or check --stage, --region and --profile',
        detail: 'Stack with id imgfront-prod does not exist',
      },
    });
  });

  it('refuses a malformed stage name, and --stage with --local, as usage errors', async () => {
    const [malformed, local] = await Promise.all([
      runCliProcess(['endpoint', 'list', '--stage', 'prod/eu'], awsEnv),
      runCliProcess(['endpoint', 'list', '--stage', 'prod', '--local'], awsEnv),
    ]);
    expect([malformed.code, local.code]).toEqual([2, 2]);
    expect(malformed.stderr).toContain(
      'expected a stage name of letters, digits and "-" for --stage but received "prod/eu"',
    );
    expect(local.stderr).toContain('--stage cannot be combined with --local');
  });
});
