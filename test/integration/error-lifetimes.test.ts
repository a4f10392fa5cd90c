import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { DEMO_BUCKET, putObject, REGISTRY_TABLE } from '../../local/local-stack';
import { ENV } from '../../shared/config/env-names';
import { ENDPOINT_ATTRIBUTE } from '../../shared/registry/endpoint-registry';
import { endpointKey } from '../../shared/registry/table-keys';
import { startTestOrigin, type TestOriginServer } from '../../shared/net/testing/test-origin-server';
import { startTestStack, type TestStack } from '../support/stack';

/** The endpoints' error TTL: permanent 4xx carry it, anything that may pass is capped at 10 s. */
const ERROR_TTL = 120;
const PERMANENT = `public, max-age=${ERROR_TTL}`;
const SHORT = 'public, max-age=10';
const DEFAULT_TTL = 'public, max-age=300';

let stack: TestStack & { dispose(): Promise<void> };
let failing: TestOriginServer;
let hanging: Server;
let closedPort: number;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  // A short request deadline makes a hanging origin an ETIMEDOUT within a second.
  stack = await startTestStack({
    env: { [ENV.requestDeadlineMs]: '1500' },
    secrets: { 'ssm:/imgfront/k': 'signing-key' },
  });
  failing = await startTestOrigin((_request, response) => response.writeHead(500).end());
  hanging = createServer(() => undefined);
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  closedPort = await freePort();
  const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#2266aa' } })
    .jpeg()
    .toBuffer();
  await putObject(stack, DEMO_BUCKET, 'photo.jpg', photo, 'image/jpeg');
  await putObject(stack, DEMO_BUCKET, 'notes.jpg', Buffer.from('text, not a JPEG'), 'image/jpeg');
  const settings = { errorCacheTtlSeconds: ERROR_TTL };
  const web = (baseUrl: string) => [{ type: 'web' as const, baseUrl }];
  await stack.putEndpoint({ id: 'ok', origins: [{ type: 's3', bucket: DEMO_BUCKET }], settings });
  await stack.putEndpoint({ id: 'denied', origins: [{ type: 's3', bucket: 'no-such-bucket' }], settings });
  await stack.putEndpoint({ id: 'refused', origins: web(`http://127.0.0.1:${closedPort}/`), settings });
  await stack.putEndpoint({
    id: 'slow',
    origins: web(`http://127.0.0.1:${(hanging.address() as AddressInfo).port}/`),
    settings,
  });
  await stack.putEndpoint({ id: 'broken-origin', origins: web(`${failing.origin}/`), settings });
  await stack.putEndpoint({
    id: 'signed',
    origins: [{ type: 's3', bucket: DEMO_BUCKET }],
    settings: { ...settings, signing: { required: true, keys: [{ source: 'ssm', name: '/imgfront/k' }] } },
  });
  // A document that bypassed validation: our configuration bug, not the viewer's.
  await DynamoDBDocumentClient.from(stack.dynamo.client).send(
    new PutCommand({
      TableName: REGISTRY_TABLE,
      Item: { ...endpointKey('misconfigured'), [ENDPOINT_ATTRIBUTE]: { id: 'misconfigured', origins: 'x' } },
    }),
  );
});

afterAll(async () => {
  hanging.closeAllConnections();
  await new Promise<void>((resolve) => hanging.close(() => resolve()));
  await failing.close();
  await stack.dispose();
});

/** One row per error code: a URL that provokes it, its one status, and its Cache-Control. */
const CASES: [code: string, path: string, status: number, cacheControl: string][] = [
  ['ENOENT', '/ok/tr:w-20/missing.jpg', 404, PERMANENT],
  ['EACCES', '/denied/tr:w-20/photo.jpg', 404, PERMANENT],
  ['ECONNREFUSED', '/refused/tr:w-20/photo.jpg', 404, SHORT],
  ['ETIMEDOUT', '/slow/tr:w-20/photo.jpg', 404, SHORT],
  ['ELIMIT', '/ok/tr:w-9000/photo.jpg', 400, PERMANENT],
  ['EINVALID', '/ok/tr:w-20/notes.jpg', 400, PERMANENT],
  // The endpoint is known before the rest is parsed (it names the dialect): its error TTL applies.
  ['EINVALID', '/ok/tr:w-abc/photo.jpg', 400, PERMANENT],
  // Refused before any endpoint is known: the default error TTL applies.
  ['EINVALID', `/ok/${'a'.repeat(4100)}.jpg`, 400, DEFAULT_TTL],
  ['ESIGNATURE', '/signed/tr:w-20/photo.jpg', 401, PERMANENT],
  ['UNIDENTIFIED', '/broken-origin/tr:w-20/photo.jpg', 503, SHORT],
  ['UNIDENTIFIED', '/misconfigured/tr:w-20/photo.jpg', 500, SHORT],
];

/** The viewer function refuses bad signatures itself (issue 15), so they never reach the function URL's answer. */
const REFUSED_AT_THE_EDGE = ['ESIGNATURE'];

describe.each([
  ['the function URL', () => stack.url, CASES],
  [
    'the CloudFront stand-in',
    () => stack.cdnUrl,
    CASES.filter(([code]) => !REFUSED_AT_THE_EDGE.includes(code)),
  ],
] as const)('error answers from %s', (_where, base, cases) => {
  it.each(cases)('%s: %s answers %i with %s', async (code, path, status, cacheControl) => {
    const response = await fetch(`${base()}${path}`);
    expect({
      status: response.status,
      code: response.headers.get('x-imgfront-error'),
      cacheControl: response.headers.get('cache-control'),
      timing: response.headers.get('server-timing'),
    }).toEqual({ status, code, cacheControl, timing: expect.stringMatching(/total;dur=/) });
    const body = await response.text();
    expect(body.length).toBeGreaterThan(0);
    // Our own failures never explain themselves to the viewer; the log has the detail.
    if (status >= 500) expect(body).toBe('The image could not be served\n');
  });
});

describe('the CloudFront stand-in', () => {
  it('refuses a missing signature at the edge: 403 ESIGNATURE, a short body, never stored', async () => {
    const response = await fetch(`${stack.cdnUrl}/signed/tr:w-20/photo.jpg`);
    expect({
      status: response.status,
      code: response.headers.get('x-imgfront-error'),
      cacheControl: response.headers.get('cache-control'),
      timing: response.headers.get('server-timing'),
    }).toEqual({ status: 403, code: 'ESIGNATURE', cacheControl: 'no-store', timing: 'edge' });
    expect(await response.text()).toBe('This URL must be signed');
  });
});

describe('the function URL', () => {
  it('answers other methods 405 EMETHOD with the default error TTL and an Allow header', async () => {
    const response = await fetch(`${stack.url}/ok/photo.jpg`, { method: 'DELETE' });
    expect([response.status, response.headers.get('x-imgfront-error')]).toEqual([405, 'EMETHOD']);
    expect(response.headers.get('cache-control')).toBe(DEFAULT_TTL);
    expect(response.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  it('logs the detail of an internal failure it does not show', async () => {
    stack.logs.length = 0;
    await fetch(`${stack.url}/misconfigured/tr:w-20/photo.jpg`);
    expect(stack.logs[0]).toMatchObject({ status: 500, errorCode: 'UNIDENTIFIED' });
    expect(stack.logs[0]?.error).toMatch(/endpoint "misconfigured" is invalid/);
  });
});
