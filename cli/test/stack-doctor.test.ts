import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { LOCAL_CREDENTIALS } from '../../local/emulators';
import { DEMO_BUCKET, putObject, REGISTRY_TABLE } from '../../local/local-stack';
import { runCliProcess, startCliHarness, type CliHarness } from './support/cli-harness';
import { startCloudFormationStub, type CloudFormationStub } from './support/cloudformation-stub';
import { startCloudWatchStub, type CloudWatchStub } from './support/cloudwatch-stub';

interface StackReport {
  healthy: boolean;
  checks: { name: string; outcome: 'pass' | 'fail' | 'skip'; detail: string }[];
}

const SIGNING_KEY = 'doctor-test-key';
let harness: CliHarness;
let functionUrl: Server;
let functionUrlStatus = 403;
let cloudFormation: CloudFormationStub;
let cloudWatch: CloudWatchStub;

const outcomes = (report: StackReport) =>
  Object.fromEntries(report.checks.map((check) => [check.name, check.outcome]));

/** Stands in for a Lambda function URL: AWS_IAM auth answers an unsigned call with 403. */
function startFunctionUrl(): Promise<string> {
  functionUrl = createServer((_request, response) =>
    response
      .writeHead(functionUrlStatus, { 'content-type': 'application/json' })
      .end('{"Message":"Forbidden"}'),
  );
  return new Promise((resolve) =>
    functionUrl.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(functionUrl.address() as AddressInfo).port}/`),
    ),
  );
}

beforeAll(async () => {
  harness = await startCliHarness({ secrets: { 'ssm:/imgfront/doctor-key': SIGNING_KEY } });
  const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } })
    .jpeg()
    .toBuffer();
  await putObject(harness.stack, DEMO_BUCKET, 'shop/sample.jpg', jpeg, 'image/jpeg');
  // The origin names its S3 API itself, so the CLI in AWS mode reaches the same emulator.
  const origin = {
    type: 's3' as const,
    bucket: DEMO_BUCKET,
    endpointUrl: harness.stack.s3.endpoint,
    forcePathStyle: true,
  };
  await harness.stack.putEndpoint({ id: 'shop', origins: [{ ...origin, prefix: 'shop' }] });
  await harness.stack.putEndpoint({
    id: 'private',
    origins: [{ ...origin, prefix: 'shop' }],
    settings: { signing: { required: true, keys: [{ source: 'ssm', name: '/imgfront/doctor-key' }] } },
  });
  [cloudWatch, cloudFormation] = await Promise.all([
    startCloudWatchStub(),
    startCloudFormationStub({
      'imgfront-staging': {
        ImageBaseUrl: harness.stack.cdnUrl,
        RegistryTableName: REGISTRY_TABLE,
        TransformFunctionUrl: await startFunctionUrl(),
      },
    }),
  ]);
});
afterAll(async () => {
  await new Promise((resolve) => functionUrl.close(resolve));
  await Promise.all([cloudFormation.close(), cloudWatch.close(), harness.close()]);
});

/** `imgfront doctor --stage staging` as an operator runs it against AWS; here every AWS API is local. */
const doctorAgainstStage = (...args: string[]) =>
  runCliProcess(['doctor', '--stage', 'staging', '--output', 'json', ...args], {
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_CLOUDFORMATION: cloudFormation.endpoint,
    AWS_ENDPOINT_URL_CLOUDWATCH: cloudWatch.endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: harness.stack.dynamo.endpoint,
    AWS_ENDPOINT_URL_SSM: harness.stack.secrets.endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_PROFILE: '',
    IMGFRONT_REGISTRY_TABLE: '',
    IMGFRONT_DOMAIN: '',
  });

describe('imgfront doctor (no endpoint): the post-deploy check', () => {
  it('passes a healthy local stack: samples served (signed where required) and an overwrite purged', async () => {
    const run = await harness.cli(['doctor', '--output', 'json']);
    expect(run.code).toBe(0);
    const report = run.json<StackReport>();
    expect(report.healthy).toBe(true);
    expect(outcomes(report)).toEqual({
      'function-url': 'skip',
      'endpoint shop': 'pass',
      'endpoint private': 'pass',
      purge: 'pass',
      metrics: 'skip',
    });
    const shop = report.checks.find((check) => check.name === 'endpoint shop');
    expect(shop?.detail).toContain('jpeg 40x30');
    expect(shop?.detail).toContain('x-cache Hit');
    // The test image is gone afterwards.
    const left = await harness.stack.s3.client.send(
      new ListObjectsV2Command({ Bucket: DEMO_BUCKET, Prefix: 'shop/imgfront-doctor/' }),
    );
    expect(left.Contents ?? []).toEqual([]);
  }, 60_000);

  it('proves a deployed stage: function URL refused, samples served, purge, metrics', async () => {
    functionUrlStatus = 403;
    cloudWatch.values = [3];
    const run = await doctorAgainstStage();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(outcomes(run.json<StackReport>())).toEqual({
      'function-url': 'pass',
      'endpoint shop': 'pass',
      'endpoint private': 'pass',
      purge: 'pass',
      metrics: 'pass',
    });
    expect(cloudWatch.expressions.at(-1)).toContain(`SEARCH('{imgfront} MetricName="Requests"'`);
  }, 60_000);

  it('fails, exit 1, when the function URL answers direct calls and no metrics arrive', async () => {
    functionUrlStatus = 200;
    cloudWatch.values = [];
    const run = await doctorAgainstStage('--timeout', '2s');
    expect(run.code).toBe(1);
    const report = run.json<StackReport>();
    expect(report.healthy).toBe(false);
    expect(outcomes(report)).toMatchObject({ 'function-url': 'fail', metrics: 'fail' });
    expect(report.checks[0]?.detail).toContain('answered an unsigned call with 200');
  }, 60_000);

  it('fails an endpoint whose origin is down and says which', async () => {
    await harness.stack.putEndpoint({
      id: 'dead',
      origins: [{ type: 'web', baseUrl: 'http://127.0.0.1:9/' }],
      settings: { defaultImage: 'x.jpg' },
    });
    const run = await harness.cli(['doctor', '--output', 'json', '--timeout', '5s']);
    expect(run.code).toBe(1);
    const dead = run.json<StackReport>().checks.find((check) => check.name === 'endpoint dead');
    expect(dead?.outcome).toBe('fail');
    expect(dead?.detail).toMatch(/status \d{3} ECONNREFUSED/);
  }, 60_000);
});
