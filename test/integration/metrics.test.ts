import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { startTestStack, type TestStack } from '../support/stack';
import { captureStdout, type EmfLine, type StdoutCapture } from '../support/stdout-capture';

let stack: TestStack & { dispose(): Promise<void> };
let stdout: StdoutCapture;

const png = (colour: string) =>
  sharp({ create: { width: 40, height: 30, channels: 3, background: colour } })
    .png()
    .toBuffer();

beforeAll(async () => {
  stack = await startTestStack({ metrics: true });
  await putObject(stack, DEMO_BUCKET, 'primary/a.png', await png('#336699'), 'image/png');
  await putObject(stack, DEMO_BUCKET, 'archive/old.png', await png('#996633'), 'image/png');
  await putObject(stack, DEMO_BUCKET, 'capped/a.png', await png('#669933'), 'image/png');
  // Origins in order: the primary prefix, then the archive (a fallback origin).
  await stack.putEndpoint({
    id: 'shop',
    origins: [
      { type: 's3', bucket: DEMO_BUCKET, prefix: 'primary' },
      { type: 's3', bucket: DEMO_BUCKET, prefix: 'archive' },
    ],
  });
  await stack.putEndpoint({
    id: 'capped',
    origins: [{ type: 's3', bucket: DEMO_BUCKET, prefix: 'capped' }],
    settings: { maxVariantsPerOriginal: 1 },
  });
  // The uploads' own version-writer lines are not what these tests look at.
  await stack.settled();
});
beforeEach(() => {
  stdout = captureStdout();
});
afterEach(() => stdout.restore());
afterAll(() => stack.dispose());

/** The one EMF line a single request printed. */
async function metricsOf(path: string, headers: Record<string, string> = {}): Promise<EmfLine> {
  const response = await stack.get(path, headers);
  expect(response.headers.get('server-timing')).toMatch(/total;dur=/);
  const lines = stdout.emfLines();
  expect(lines).toHaveLength(1);
  return lines[0] as EmfLine;
}

const units = (line: EmfLine) =>
  Object.fromEntries(line._aws.CloudWatchMetrics[0]?.Metrics.map((m) => [m.Name, m.Unit]) ?? []);

describe('transform metrics (CloudWatch EMF on stdout)', () => {
  it('counts a success under Endpoint and Format, with latencies and bytes', async () => {
    const line = await metricsOf('/shop/tr:w-20/a.png', { accept: 'image/webp' });
    const [directive] = line._aws.CloudWatchMetrics;
    expect(directive?.Namespace).toBe('imgfront');
    expect(directive?.Dimensions).toEqual([['Endpoint', 'Format']]);
    expect(line).toMatchObject({ Endpoint: 'shop', Format: 'webp', Requests: 1, OriginFallbacks: 0 });
    expect(units(line)).toEqual({
      Requests: 'Count',
      BytesOut: 'Bytes',
      TransformLatency: 'Milliseconds',
      OriginLatency: 'Milliseconds',
      BytesIn: 'Bytes',
      OriginFallbacks: 'Count',
    });
    expect(line.BytesIn).toBeGreaterThan(0);
    expect(line.BytesOut).toBeGreaterThan(0);
    expect(line.TransformLatency).toBeGreaterThanOrEqual(line.OriginLatency as number);
    expect(line).not.toHaveProperty('Errors');
  });

  it('counts an error under Endpoint and ErrorCode', async () => {
    const line = await metricsOf('/shop/tr:w-20/nothing-here.png');
    expect(line._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['Endpoint', 'ErrorCode']]);
    expect(line).toMatchObject({ Endpoint: 'shop', ErrorCode: 'ENOENT', Requests: 1, Errors: 1 });
    expect(units(line)).toMatchObject({ Errors: 'Count', Requests: 'Count' });
    expect(line).not.toHaveProperty('Format');
  });

  it('counts a variant refused by maxVariantsPerOriginal as VariantBudgetHits under Endpoint alone', async () => {
    await stack.get('/capped/tr:w-10/a.png');
    stdout.clear();
    await stack.get('/capped/tr:w-11/a.png');
    const [hit, request] = stdout.emfLines();
    expect(hit?._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'imgfront',
      Dimensions: [['Endpoint']],
      Metrics: [{ Name: 'VariantBudgetHits', Unit: 'Count' }],
    });
    expect(hit).toMatchObject({ Endpoint: 'capped', VariantBudgetHits: 1 });
    expect(request).toMatchObject({ Endpoint: 'capped', ErrorCode: 'ELIMIT', Errors: 1 });
  });

  it('puts every endpoint the registry does not know under one Endpoint value', async () => {
    const first = await metricsOf('/no-such-endpoint/a.png');
    stdout.clear();
    const second = await metricsOf('/another%20junk%20segment/tr:w-1/x.png');
    for (const line of [first, second]) {
      expect(line).toMatchObject({ Endpoint: 'unknown', Errors: 1, Requests: 1 });
      expect(line._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([['Endpoint', 'ErrorCode']]);
    }
  });

  it('counts an original served by an origin after the first as an origin fallback', async () => {
    const line = await metricsOf('/shop/tr:w-20/old.png', { accept: 'image/png' });
    expect(line).toMatchObject({ Endpoint: 'shop', Format: 'png', OriginFallbacks: 1 });
    expect(stack.logs.at(-1)).toMatchObject({
      originFallback: true,
      source: expect.stringContaining('archive'),
    });
  });
});

describe('version writer and invalidator metrics', () => {
  it('count the recorded version, its purge, the invalidation paths and the purge latency', async () => {
    await putObject(stack, DEMO_BUCKET, 'primary/a.png', await png('#ffffff'), 'image/png');
    await stack.settled();
    const byService = (service: string) => stdout.emfLines().filter((line) => line.service === service);

    const [written] = byService('imgfront-version-writer');
    expect(written?._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'imgfront',
      Dimensions: [['service']],
      Metrics: [
        { Name: 'VersionsRecorded', Unit: 'Count' },
        { Name: 'PurgesRequested', Unit: 'Count' },
      ],
    });
    expect(written).toMatchObject({ VersionsRecorded: 1, PurgesRequested: 1 });

    const [purged] = byService('imgfront-invalidator');
    expect(purged?._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'imgfront',
      Dimensions: [['service']],
      Metrics: [
        { Name: 'InvalidationPaths', Unit: 'Count' },
        { Name: 'PurgeLatency', Unit: 'Milliseconds' },
      ],
    });
    // The original's path and its SEO-named paths.
    expect(purged).toMatchObject({ InvalidationPaths: 2 });
    expect(purged?.PurgeLatency).toBeGreaterThanOrEqual(0);
  });
});
