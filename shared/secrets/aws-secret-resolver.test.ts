import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAwsSecretResolver } from './aws-secret-resolver';

/**
 * A stand-in for SSM and Secrets Manager speaking their JSON protocol (`X-Amz-Target` names the
 * operation), so the real SDK clients are exercised end to end.
 */
interface StubCall {
  target: string;
  body: Record<string, unknown>;
}
const parameters: Record<string, string> = { '/imgfront/signing': 'ssm-value' };
const secrets: Record<string, string> = { 'origin-password': 'sm-value' };
const calls: StubCall[] = [];
let throttle = false;

const stub = http.createServer((request, response) => {
  let raw = '';
  request.on('data', (chunk: Buffer) => (raw += chunk.toString()));
  request.on('end', () => {
    const target = String(request.headers['x-amz-target']);
    const body = JSON.parse(raw) as Record<string, unknown>;
    calls.push({ target, body });
    const answer = (status: number, payload: unknown) =>
      response
        .writeHead(status, { 'content-type': 'application/x-amz-json-1.1' })
        .end(JSON.stringify(payload));
    if (throttle) return answer(400, { __type: 'ThrottlingException', message: 'Rate exceeded' });
    if (target === 'AmazonSSM.GetParameter') {
      const value = parameters[String(body.Name)];
      if (value === undefined)
        return answer(400, { __type: 'ParameterNotFound', message: 'no such parameter' });
      return answer(200, { Parameter: { Name: body.Name, Type: 'SecureString', Value: value, Version: 1 } });
    }
    const value = secrets[String(body.SecretId)];
    if (value === undefined)
      return answer(400, { __type: 'ResourceNotFoundException', message: 'no such secret' });
    return answer(200, {
      ARN: 'arn:aws:secretsmanager:us-east-1:1:secret:x',
      Name: body.SecretId,
      SecretString: value,
    });
  });
});

let clock = 0;
let resolver: ReturnType<typeof createAwsSecretResolver>;

beforeAll(async () => {
  await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(stub.address() as AddressInfo).port}`;
  const common = {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  };
  resolver = createAwsSecretResolver({
    ssm: new SSMClient(common),
    secretsManager: new SecretsManagerClient(common),
    ttlSeconds: 60,
    now: () => clock,
  });
});
afterAll(() => new Promise((resolve) => stub.close(resolve)));
beforeEach(() => {
  calls.length = 0;
  throttle = false;
  clock += 3_600_000; // every test starts with an expired cache
});

describe('AWS secret resolver', () => {
  it('reads SSM parameters with decryption, and caches them for the TTL', async () => {
    const ref = { source: 'ssm', name: '/imgfront/signing' } as const;
    await expect(resolver.resolve(ref)).resolves.toBe('ssm-value');
    await expect(resolver.resolve(ref)).resolves.toBe('ssm-value');
    expect(calls).toEqual([
      { target: 'AmazonSSM.GetParameter', body: { Name: '/imgfront/signing', WithDecryption: true } },
    ]);
    clock += 61_000;
    parameters['/imgfront/signing'] = 'rotated';
    await expect(resolver.resolve(ref)).resolves.toBe('rotated');
    expect(calls).toHaveLength(2);
  });

  it('reads Secrets Manager string secrets', async () => {
    await expect(resolver.resolve({ source: 'secretsmanager', id: 'origin-password' })).resolves.toBe(
      'sm-value',
    );
    expect(calls).toEqual([
      { target: 'secretsmanager.GetSecretValue', body: { SecretId: 'origin-password' } },
    ]);
  });

  it('reports a missing secret as a permanent internal error naming the reference', async () => {
    await expect(resolver.resolve({ source: 'ssm', name: '/nope' })).rejects.toMatchObject({
      code: 'UNIDENTIFIED',
      status: 500,
      retryable: false,
      internal: expect.stringMatching(/^secret ssm:\/nope: ParameterNotFound/),
    });
  });

  it('does not cache a failure, and marks throttling as transient', async () => {
    const ref = { source: 'secretsmanager', id: 'origin-password' } as const;
    throttle = true;
    await expect(resolver.resolve(ref)).rejects.toMatchObject({ retryable: true });
    throttle = false;
    await expect(resolver.resolve(ref)).resolves.toBe('sm-value');
    expect(calls).toHaveLength(2);
  });
});
