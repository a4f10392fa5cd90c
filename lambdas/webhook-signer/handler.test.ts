import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/emulators';
import { startSecretsStub, type SecretsStub } from '../../local/secrets-stub';
import { ENV } from '../../shared/config/env-names';
import { startWebhookReceiver, type WebhookReceiver } from '../../shared/events/testing/webhook-receiver';
import { verifyWebhook, type WebhookEvent } from '../../shared/events/webhook-auth';
import { WEBHOOK_HEADERS } from '../../shared/events/webhook-signature';
import { lambdaContext } from '../../shared/versioning/testing/lambda-context';
import { handler } from './handler';

const SECRET_ID = 'imgfront/webhooks/ops';
const SECRET = 'ops-webhook-secret';
let secrets: SecretsStub;
let receiver: WebhookReceiver;
const savedEnv = { ...process.env };

beforeAll(async () => {
  secrets = await startSecretsStub({ [`secretsmanager:${SECRET_ID}`]: SECRET });
  receiver = await startWebhookReceiver(SECRET);
  Object.assign(process.env, {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
    // The test-only way to a receiver on loopback over plain http, as for origins.
    [ENV.allowPrivateHosts]: '127.0.0.1',
  });
  jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterAll(async () => {
  process.env = savedEnv;
  jest.restoreAllMocks();
  await Promise.all([receiver.close(), secrets.close()]);
});

let n = 0;
const purgeCompleted = (): WebhookEvent => ({
  version: '0',
  id: `event-${++n}`,
  'detail-type': 'Purge Completed',
  source: 'imgfront',
  account: '123456789012',
  time: '2026-12-03T02:00:00Z',
  region: 'eu-west-1',
  resources: [],
  detail: { purgeId: `purge-${n}`, paths: ['/demo/ünïcode ☃.jpg*'], completedAt: 1 },
});
const invoke = (event: WebhookEvent, url = receiver.url) =>
  handler({ webhook: { url, secret: SECRET_ID }, event }, lambdaContext());
const lastRequest = () => {
  const request = receiver.received.at(-1);
  if (request === undefined) throw new TypeError('expected a request at the receiver');
  return request;
};

describe('webhook signer Lambda', () => {
  it('POSTs the event as JSON, signed so the receiver verifies it, and never sends the secret', async () => {
    const event = purgeCompleted();
    await expect(invoke(event)).resolves.toEqual({ status: 204, attempts: 1, url: receiver.url });

    const request = lastRequest();
    expect(request.verified).toBe(true);
    expect(request.body).toBe(JSON.stringify(event));
    expect(request.headers).toMatchObject({
      'content-type': 'application/json',
      [WEBHOOK_HEADERS.id]: event.id,
      [WEBHOOK_HEADERS.timestamp]: expect.stringMatching(/^\d{10}$/),
      [WEBHOOK_HEADERS.signature]: expect.stringMatching(/^v1=[0-9a-f]{64}$/),
    });
    expect(JSON.stringify(request.headers)).not.toContain(SECRET);
    expect(receiver.events('Purge Completed').at(-1)).toEqual(event);
  });

  it('signs so that a tampered body, another secret or an old timestamp is refused', async () => {
    await invoke(purgeCompleted());
    const { headers, body } = lastRequest();
    const verify = (options: { body?: string; secret?: string; now?: number }) =>
      verifyWebhook(
        { headers, body: options.body ?? body },
        { secret: options.secret ?? SECRET, now: options.now },
      );

    expect(verify({}).ok).toBe(true);
    expect(verify({ body: body.replace('purge-', 'purgf-') })).toMatchObject({ ok: false });
    expect(verify({ secret: 'not-the-secret' })).toMatchObject({ ok: false });
    expect(verify({ now: Date.now() + 10 * 60_000 })).toMatchObject({ ok: false });
  });

  it('reads the secret once and keeps it in the warm function, not once per event', async () => {
    const client = new SecretsManagerClient({
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      endpoint: secrets.endpoint,
    });
    await client.send(new PutSecretValueCommand({ SecretId: SECRET_ID, SecretString: 'rotated' }));
    try {
      await invoke(purgeCompleted());
      expect(lastRequest().verified).toBe(true);
    } finally {
      await client.send(new PutSecretValueCommand({ SecretId: SECRET_ID, SecretString: SECRET }));
    }
  });

  it('retries a 503 and a 429 and delivers on the third attempt', async () => {
    const before = receiver.received.length;
    receiver.failNext(1, 503);
    receiver.failNext(1, 429);
    await expect(invoke(purgeCompleted())).resolves.toMatchObject({ status: 204, attempts: 3 });
    expect(receiver.received.slice(before).map((request) => request.verified)).toEqual([false, false, true]);
  });

  it('fails the invocation when the receiver keeps answering 5xx, so Lambda retries and then dead-letters', async () => {
    const before = receiver.received.length;
    receiver.failNext(3, 502);
    await expect(invoke(purgeCompleted())).rejects.toMatchObject({
      code: 'UNIDENTIFIED',
      retryable: true,
      internal: expect.stringMatching(/answered 502 after 3 attempt\(s\)$/),
    });
    expect(receiver.received.length - before).toBe(3);
  });

  it('does not retry a receiver that refuses the request (4xx)', async () => {
    const before = receiver.received.length;
    receiver.failNext(1, 400);
    await expect(invoke(purgeCompleted())).rejects.toMatchObject({ retryable: false });
    expect(receiver.received.length - before).toBe(1);
  });

  it.each([
    ['a private address', 'https://10.1.2.3/hooks'],
    ['the metadata service', 'https://169.254.169.254/latest'],
    ['the metadata service mapped into IPv6', 'https://[::ffff:a9fe:a9fe]/latest'],
    ['loopback not allowed on purpose', 'https://127.0.0.2/hooks'],
    ['plain http to a public host', 'http://hooks.example.com/imgfront'],
    ['another scheme', 'file:///etc/passwd'],
  ])('refuses %s without sending anything', async (_case, url) => {
    const before = receiver.received.length;
    await expect(invoke(purgeCompleted(), url)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(receiver.received.length).toBe(before);
  });

  it('refuses an input that is not a webhook invocation', async () => {
    await expect(handler({ checkPurges: true }, lambdaContext())).rejects.toMatchObject({
      code: 'EINVALID',
    });
  });

  it('fails (to be retried) when the secret cannot be read', async () => {
    await expect(
      handler(
        { webhook: { url: receiver.url, secret: 'imgfront/missing' }, event: purgeCompleted() },
        lambdaContext(),
      ),
    ).rejects.toMatchObject({
      code: 'UNIDENTIFIED',
      internal: expect.stringContaining('secretsmanager:imgfront/missing'),
    });
  });
});
