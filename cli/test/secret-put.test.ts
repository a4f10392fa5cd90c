import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { startSecretsStub, type SecretsStub } from '../../local/secrets-stub';
import { sign } from '../../shared/signing/url-signature';
import { parseChain } from '../../shared/url/chain';
import { runCliProcess, startCliHarness, type CliHarness } from './support/cli-harness';

let harness: CliHarness;

/** imgfront's own scheme, computed here: what a signed URL for `private/cat.jpg` carries. */
const signedPath = (key: string, chain: string) =>
  `/private/tr:${chain}/cat.jpg?ik-s=${sign(key, {
    endpointId: 'private',
    path: { segments: ['cat.jpg'] },
    steps: parseChain(chain),
    version: undefined,
    expiresAt: undefined,
  })}`;

const statusThroughCdn = async (path: string) => (await fetch(`${harness.stack.cdnUrl}${path}`)).status;

beforeAll(async () => {
  harness = await startCliHarness();
  const cat = await sharp({ create: { width: 80, height: 60, channels: 3, background: '#884422' } })
    .jpeg()
    .toBuffer();
  await putObject(harness.stack, DEMO_BUCKET, 'cats/cat.jpg', cat, 'image/jpeg');
  await harness.stack.putEndpoint({
    id: 'private',
    origins: [{ type: 's3', bucket: DEMO_BUCKET, prefix: 'cats' }],
    settings: {
      signing: {
        required: true,
        keys: [
          { source: 'ssm', name: '/imgfront/private-key' },
          { source: 'secretsmanager', id: 'imgfront/private-key-2' },
        ],
      },
    },
  });
});
afterAll(() => harness.close());

describe('imgfront secret put --local', () => {
  it('stores a key the running stack verifies on its next request, through the CDN stand-in', async () => {
    const put = await harness.cli(['secret', 'put', 'ssm:/imgfront/private-key', '--value', 'first-key']);
    expect([put.code, put.stdout.trim()]).toEqual([
      0,
      'Stored ssm:/imgfront/private-key; the local stack reads it on its next request.',
    ]);
    expect(put.stdout + put.stderr).not.toContain('first-key');
    // The second key is not stored yet: a missing key fails the request (500), so store it too.
    expect(
      (await harness.cli(['secret', 'put', 'secretsmanager:imgfront/private-key-2', '--value', 'second-key']))
        .stdout,
    ).toContain('Created secretsmanager:imgfront/private-key-2');
    expect(await statusThroughCdn(signedPath('first-key', 'w-40'))).toBe(200);
    expect(await statusThroughCdn(signedPath('second-key', 'w-41'))).toBe(200);
    expect(await statusThroughCdn(signedPath('guessed-key', 'w-42'))).toBe(403);
  });

  it('rotates: after a new value the old key no longer signs new URLs', async () => {
    await harness.cli(['secret', 'put', 'ssm:/imgfront/private-key', '--value', 'rotated-key']);
    expect(await statusThroughCdn(signedPath('rotated-key', 'w-43'))).toBe(200);
    expect(await statusThroughCdn(signedPath('first-key', 'w-44'))).toBe(403);
  });

  it('generates a random key, prints it once, and `imgfront url --sign` signs with it', async () => {
    const put = await harness.cli([
      'secret',
      'put',
      'secretsmanager:imgfront/private-key-2',
      '--generate',
      '-o',
      'json',
    ]);
    const { value, action } = put.json<{ value: string; action: string }>();
    expect([put.code, action, value]).toEqual([0, 'updated', expect.stringMatching(/^[A-Za-z0-9_-]{43}$/)]);
    expect(await statusThroughCdn(signedPath(value, 'w-45'))).toBe(200);
    // --sign reads the endpoint's first key (the SSM one) from the local stack's store.
    const url = await harness.cli(['url', 'private/cat.jpg', '--tr', 'w-46', '--sign', '-o', 'json']);
    expect((await fetch(url.json<{ url: string }>().url)).status).toBe(200);
  });

  it.each([
    [['secret', 'put', 'ssm:/imgfront/k'], 'give exactly one of --value <value> and --generate'],
    [
      ['secret', 'put', 'ssm:/imgfront/k', '--value', 'v', '--generate'],
      'give exactly one of --value <value> and --generate',
    ],
    [
      ['secret', 'put', 'ssm:/other/k', '--value', 'v'],
      'expected a reference under ssm:/imgfront/ or secretsmanager:imgfront/',
    ],
    [
      ['secret', 'put', 'vault:/imgfront/k', '--value', 'v'],
      'expected ssm:<parameter name> or secretsmanager:<secret id>',
    ],
    [['secret', 'put', 'ssm:/imgfront/k', '--value', ''], '--value must not be empty'],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const result = await harness.cli(args);
    expect([result.code, result.stderr]).toEqual([2, expect.stringContaining(message)]);
  });
});

describe('imgfront secret put in AWS mode', () => {
  let stub: SecretsStub;
  beforeAll(async () => {
    stub = await startSecretsStub();
  });
  afterAll(() => stub.close());

  it('writes an SSM SecureString with the real SDK, where the endpoint reference points', async () => {
    const env = {
      AWS_ENDPOINT_URL_SSM: stub.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      IMGFRONT_REGISTRY_TABLE: 'unused',
    };
    const put = await runCliProcess(
      ['secret', 'put', 'ssm:/imgfront/prod-key', '--value', 'prod-value'],
      env,
    );
    expect([put.code, put.stdout.trim()]).toEqual([
      0,
      'Stored ssm:/imgfront/prod-key; functions read it within 5 minutes.',
    ]);
    const ssm = new SSMClient({
      endpoint: stub.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    });
    const read = await ssm.send(
      new GetParameterCommand({ Name: '/imgfront/prod-key', WithDecryption: true }),
    );
    expect(read.Parameter?.Value).toBe('prod-value');
  });
});
