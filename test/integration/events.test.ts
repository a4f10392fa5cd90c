import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { DEMO_BUCKET, putObject } from '../../local/local-stack';
import { ENV } from '../../shared/config/env-names';
import { startWebhookReceiver, type WebhookReceiver } from '../../shared/events/testing/webhook-receiver';
import { WEBHOOK_HEADERS } from '../../shared/events/webhook-signature';
import { startTestStack, type TestStack } from '../support/stack';

const SECRET = 'test-webhook-secret';
let receiver: WebhookReceiver;
let stack: TestStack & { dispose(): Promise<void> };
let brokenOrigin: Server;

const png = (colour: string) =>
  sharp({ create: { width: 16, height: 16, channels: 3, background: colour } })
    .png()
    .toBuffer();

beforeAll(async () => {
  receiver = await startWebhookReceiver(SECRET);
  // A web origin that is down: every request answers 503.
  brokenOrigin = createServer((_request, response) => response.writeHead(503).end('down'));
  await new Promise<void>((resolve) => brokenOrigin.listen(0, '127.0.0.1', resolve));
  stack = await startTestStack({ env: { [ENV.eventsUrl]: receiver.url, [ENV.eventsSecret]: SECRET } });
  await stack.putEndpoint({ id: 'live', origins: [{ type: 's3', bucket: DEMO_BUCKET, prefix: 'live/' }] });
  const { port } = brokenOrigin.address() as AddressInfo;
  await stack.putEndpoint({ id: 'flaky', origins: [{ type: 'web', baseUrl: `http://127.0.0.1:${port}/` }] });
});
afterAll(async () => {
  await stack.dispose();
  await receiver.close();
  await new Promise<void>((resolve) => brokenOrigin.close(() => resolve()));
});

describe('events posted to IMGFRONT_EVENTS_URL', () => {
  it('arrive as EventBridge-shaped JSON, signed as webhooks are, never carrying the secret', async () => {
    await putObject(stack, DEMO_BUCKET, 'live/first.png', await png('#ff0000'));
    await stack.settled();
    const [event] = await receiver.waitFor('Version Recorded');

    expect(receiver.received.every((request) => request.verified)).toBe(true);
    const first = receiver.received[0];
    expect(first?.headers).toMatchObject({
      'content-type': 'application/json',
      [WEBHOOK_HEADERS.id]: event?.id,
      [WEBHOOK_HEADERS.timestamp]: expect.stringMatching(/^\d{10}$/),
      [WEBHOOK_HEADERS.signature]: expect.stringMatching(/^v1=[0-9a-f]{64}$/),
    });
    expect(JSON.stringify(first?.headers)).not.toContain(SECRET);
    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'Version Recorded',
      source: 'imgfront',
      account: expect.stringMatching(/^\d{12}$/),
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      region: expect.any(String),
      resources: [],
      detail: {
        bucket: DEMO_BUCKET,
        key: 'live/first.png',
        kind: 'created',
        sequencer: expect.stringMatching(/^[0-9A-Fa-f]+$/),
        updatedAt: expect.any(Number),
        etag: expect.any(String),
        size: expect.any(Number),
      },
    });
  });

  it('report an overwrite: the version, then the purge CloudFront was asked for', async () => {
    await putObject(stack, DEMO_BUCKET, 'live/hero photo.png', await png('#ff0000'));
    await stack.settled();
    await putObject(stack, DEMO_BUCKET, 'live/hero photo.png', await png('#0000ff'));
    await stack.settled();

    const versions = (await receiver.waitFor('Version Recorded', 3)).filter(
      (event) => event.detail.key === 'live/hero photo.png',
    );
    expect(versions.map((event) => event.detail.purgePaths)).toEqual([
      undefined,
      // The original's URLs and its SEO-named ones (`/ik-seo/<stem>/<any name>`).
      ['/live/hero%20photo.png*', '/live/ik-seo/hero%20photo/*'],
    ]);
    const [purge] = await receiver.waitFor('Purge Requested');
    const [invalidation] = stack.cloudFront.invalidations;
    expect(purge?.detail).toEqual({
      purgeId: expect.stringMatching(/^[0-9a-f]{40}$/),
      paths: ['/live/hero%20photo.png*', '/live/ik-seo/hero%20photo/*'],
      distributionId: 'ELOCALDEMO',
      invalidationId: invalidation?.id,
      requestedAt: expect.any(Number),
      submittedAt: expect.any(Number),
    });
  });

  it('report the purge completed once CloudFront is done, with nobody asking', async () => {
    const [requested] = await receiver.waitFor('Purge Requested');
    // The local stack checks purges in progress every second, as the invalidator's schedule does in AWS.
    const [completed] = await receiver.waitFor('Purge Completed');
    expect(completed?.detail).toEqual({
      ...requested?.detail,
      completedAt: expect.any(Number),
    });
    expect(completed?.detail.completedAt).toBeGreaterThanOrEqual(Number(requested?.detail.submittedAt));
  });

  it('report a failing origin once per minute with the failure count, and the viewer still gets its error', async () => {
    const first = await stack.get('/flaky/tr:w-10/a.jpg');
    const second = await stack.get('/flaky/tr:w-10/b.jpg');

    for (const response of [first, second]) {
      expect(response.status).toBe(503);
      expect(response.headers.get('x-imgfront-error')).toBe('UNIDENTIFIED');
      expect(response.headers.get('server-timing')).toBeTruthy();
    }
    const failing = await receiver.waitFor('Origin Failing');
    expect(failing).toHaveLength(1);
    expect(failing[0]?.detail).toEqual({
      endpoint: 'flaky',
      origin: expect.stringMatching(/^web http:\/\/127\.0\.0\.1:\d+\/$/),
      errorCode: 'UNIDENTIFIED',
      message: 'The origin is temporarily unavailable',
      failures: 1,
      since: expect.any(Number),
    });
  });

  it('never fail a request when the receiver is down', async () => {
    await putObject(stack, DEMO_BUCKET, 'live/ok.png', await png('#00ff00'));
    await stack.settled();
    await receiver.close();
    try {
      const response = await stack.get('/live/tr:w-8/ok.png');
      expect(response.status).toBe(200);
      expect((await sharp(response.body).metadata()).width).toBe(8);
      expect((await stack.get('/flaky/tr:w-8/c.jpg')).status).toBe(503);
    } finally {
      receiver = await startWebhookReceiver(SECRET);
    }
  });
});
