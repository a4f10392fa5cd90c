import sharp from 'sharp';
import { LOCAL_CREDENTIALS } from '../../local/local-names';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import type { StatsSummary } from '../../shared/metrics/stats-summary';
import { runCliProcess, startCliHarness, type CliHarness } from './support/cli-harness';
import { startCloudFormationStub, type CloudFormationStub } from './support/cloudformation-stub';
import { startCloudWatchStub, type CloudWatchStub } from './support/cloudwatch-stub';

let harness: CliHarness;
let cloudFormation: CloudFormationStub;
let cloudWatch: CloudWatchStub;

beforeAll(async () => {
  harness = await startCliHarness();
  const jpeg = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#336699' } })
    .jpeg()
    .toBuffer();
  await putObject(harness.stack, DEMO_BUCKET, 'shop/sample.jpg', jpeg, 'image/jpeg');
  await harness.stack.putEndpoint({
    id: 'shop',
    origins: [{ type: 's3', bucket: DEMO_BUCKET, prefix: 'shop' }],
  });
  [cloudWatch, cloudFormation] = await Promise.all([
    startCloudWatchStub(),
    startCloudFormationStub({
      'imgfront-staging': { DistributionId: 'E2STATS', RegistryTableName: 'registry' },
    }),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all([cloudFormation.close(), cloudWatch.close(), harness.close()]);
});

describe('imgfront stats --local: the local stack counters', () => {
  beforeAll(async () => {
    // A miss, the same URL again (a hit: the function is not called), and a missing original.
    for (const path of ['/shop/tr:w-20/sample.jpg', '/shop/tr:w-20/sample.jpg', '/shop/missing.jpg']) {
      const response = await fetch(`${harness.stack.cdnUrl}${path}`);
      await response.arrayBuffer();
    }
  });

  it("reports the endpoint's requests, errors by code, p99 latency, bytes and hit ratio as JSON", async () => {
    const run = await harness.cli(['stats', 'shop', '--since', '1h', '--output', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const stats = run.json<StatsSummary>();
    expect(stats).toMatchObject({ endpoint: 'shop', requests: 2, errors: 1, errorsByCode: { ENOENT: 1 } });
    expect(stats.p99LatencyMs).toBeGreaterThan(0);
    expect(stats.bytesOut).toBeGreaterThan(100);
    expect(stats.hitRatio).toBeCloseTo(1 / 3);
    expect(Date.parse(stats.to) - Date.parse(stats.from)).toBeGreaterThanOrEqual(3_600_000);
  }, 30_000);

  it('prints the same figures as a text table; another endpoint has none', async () => {
    const text = await harness.cli(['stats', 'shop']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Endpoint "shop", .* \(local stack counters\)/);
    expect(text.stdout).toMatch(/Requests\s+2\n/);
    expect(text.stdout).toMatch(/Errors\s+1 \(50\.0%\)\n\s+ENOENT\s+1\n/);
    expect(text.stdout).toMatch(/Hit ratio\s+33\.3% \(whole CDN\)/);
    const other = (await harness.cli(['stats', 'other', '--output', 'json'])).json<StatsSummary>();
    expect(other).toMatchObject({ requests: 0, errors: 0, p99LatencyMs: null, bytesOut: 0 });
  }, 30_000);

  it('refuses a malformed --since or endpoint id with exit 2', async () => {
    const since = await harness.cli(['stats', '--since', 'yesterday']);
    expect(since.code).toBe(2);
    expect(since.stderr).toContain('--since');
    expect((await harness.cli(['stats', 'Not An Id'])).code).toBe(2);
  }, 30_000);
});

describe('imgfront stats --stage: CloudWatch GetMetricData', () => {
  const statsAgainstStage = (...args: string[]) =>
    runCliProcess(['stats', ...args, '--stage', 'staging', '--output', 'json'], {
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_REGION: 'eu-west-1',
      AWS_ENDPOINT_URL_CLOUDFORMATION: cloudFormation.endpoint,
      AWS_ENDPOINT_URL_CLOUDWATCH: cloudWatch.endpoint,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PROFILE: '',
      IMGFRONT_REGISTRY_TABLE: '',
      IMGFRONT_DOMAIN: '',
    });

  it("adds up both dimension sets, sums errors per code, and reads CloudFront's CacheHitRate", async () => {
    const series: Record<string, { Label?: string; Values: number[] }[]> = {
      requestsFormat: [{ Values: [90] }],
      requestsErrorCode: [{ Values: [10] }],
      bytesFormat: [{ Values: [5000] }],
      bytesErrorCode: [{ Values: [100] }],
      p99Format: [{ Values: [120] }],
      p99ErrorCode: [{ Values: [30] }],
      errors: [
        { Label: 'ENOENT', Values: [6] },
        { Label: 'EINVALID', Values: [3] },
        { Label: 'ENOENT', Values: [1] },
      ],
      hitRate: [{ Values: [80] }],
    };
    cloudWatch.answer = (query) => series[query.Id] ?? [];
    const run = await statsAgainstStage('shop', '--since', '7d');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.json<StatsSummary>()).toMatchObject({
      endpoint: 'shop',
      requests: 100,
      errors: 10,
      errorsByCode: { ENOENT: 7, EINVALID: 3 },
      p99LatencyMs: 120,
      bytesOut: 5100,
      hitRatio: 0.8,
    });
    const errors = cloudWatch.queries.find((query) => query.Id === 'errors');
    expect(errors?.Expression).toBe(
      `SEARCH('{imgfront,Endpoint,ErrorCode} MetricName="Errors" Endpoint="shop"', 'Sum', 604800)`,
    );
    expect(errors?.Label).toBe("${PROP('Dim.ErrorCode')}");
    expect(cloudWatch.queries.find((query) => query.Id === 'hitRate')?.MetricStat?.Metric).toEqual({
      Namespace: 'AWS/CloudFront',
      MetricName: 'CacheHitRate',
      Dimensions: [
        { Name: 'DistributionId', Value: 'E2STATS' },
        { Name: 'Region', Value: 'Global' },
      ],
    });
  }, 30_000);

  it('answers zeros and nulls for a window without datapoints', async () => {
    cloudWatch.answer = () => [];
    const run = await statsAgainstStage();
    expect(run.code).toBe(0);
    expect(run.json<StatsSummary>()).toMatchObject({
      endpoint: null,
      requests: 0,
      errorsByCode: {},
      p99LatencyMs: null,
      hitRatio: null,
    });
  }, 30_000);
});
