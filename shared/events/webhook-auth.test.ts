import { createHmac } from 'node:crypto';
import { verifyWebhook } from './webhook-auth';
import { signWebhook, WEBHOOK_HEADERS } from './webhook-signature';

const NOW = Date.parse('2026-12-03T08:00:00Z');
const SECRET = 's3cret-value';
const body = JSON.stringify({
  version: '0',
  id: 'a1b2',
  'detail-type': 'Purge Completed',
  source: 'imgfront',
  account: '123456789012',
  time: '2026-12-03T02:00:00Z',
  region: 'eu-west-1',
  resources: [],
  detail: { purgeId: 'p1' },
});
const signedAt = (ms: number, text = body, secret = SECRET) =>
  signWebhook(text, { id: 'a1b2', secret, timestampSeconds: ms / 1000 });
const verify = (headers: Record<string, string>, text = body) =>
  verifyWebhook({ headers, body: text }, { secret: SECRET, now: NOW });

describe('signWebhook', () => {
  it('signs "<timestamp>.<body>" with HMAC-SHA256 as v1=<hex>, with the id and a JSON content type', () => {
    const headers = signedAt(NOW + 999);
    const hex = createHmac('sha256', SECRET)
      .update(`${NOW / 1000}.${body}`)
      .digest('hex');
    expect(headers).toEqual({
      'content-type': 'application/json',
      'x-imgfront-webhook-id': 'a1b2',
      'x-imgfront-webhook-timestamp': String(NOW / 1000),
      'x-imgfront-webhook-signature': `v1=${hex}`,
    });
  });
});

describe('verifyWebhook', () => {
  it('accepts a request signed with the secret a minute ago, even for an event that happened hours ago', () => {
    expect(verify(signedAt(NOW - 60_000))).toMatchObject({
      ok: true,
      event: { id: 'a1b2', detail: { purgeId: 'p1' } },
    });
  });

  it('accepts the raw body as a Buffer and header names in any case', () => {
    const headers = Object.fromEntries(
      Object.entries(signedAt(NOW)).map(([name, value]) => [name.toUpperCase(), value]),
    );
    expect(verifyWebhook({ headers, body: Buffer.from(body) }, { secret: SECRET, now: NOW }).ok).toBe(true);
  });

  const withHeader = (name: string, value: string | undefined) => {
    const headers: Record<string, string> = { ...signedAt(NOW) };
    if (value === undefined) delete headers[name];
    else headers[name] = value;
    return headers;
  };
  const validSignature = signedAt(NOW)[WEBHOOK_HEADERS.signature] ?? '';

  it.each([
    ['no signature', withHeader(WEBHOOK_HEADERS.signature, undefined), body],
    ['no timestamp', withHeader(WEBHOOK_HEADERS.timestamp, undefined), body],
    ['a timestamp that is not a number', withHeader(WEBHOOK_HEADERS.timestamp, '1e9'), body],
    ['a tampered body', signedAt(NOW), body.replace('p1', 'p2')],
    ['a body with a byte added', signedAt(NOW), `${body} `],
    ['a signature made with another secret', signedAt(NOW, body, 'other-secret'), body],
    ['a truncated signature', withHeader(WEBHOOK_HEADERS.signature, validSignature.slice(0, 20)), body],
    ['another scheme', withHeader(WEBHOOK_HEADERS.signature, validSignature.replace('v1=', 'v0=')), body],
    [
      'a moved timestamp (signature no longer matches)',
      withHeader(WEBHOOK_HEADERS.timestamp, String(NOW / 1000 + 1)),
      body,
    ],
    ['a replay signed six minutes ago', signedAt(NOW - 6 * 60_000), body],
    ['a timestamp six minutes ahead', signedAt(NOW + 6 * 60_000), body],
    ['an id header that is not the event id', withHeader(WEBHOOK_HEADERS.id, 'other'), body],
    ['a body that is not JSON', signedAt(NOW, '{"truncated'), '{"truncated'],
    ['a JSON null body', signedAt(NOW, 'null'), 'null'],
    [
      'another source',
      signedAt(NOW, body.replace('"imgfront"', '"evil"')),
      body.replace('"imgfront"', '"evil"'),
    ],
  ])('refuses %s', (_case, headers, text) => {
    expect(verify(headers, text)).toEqual({ ok: false, reason: expect.any(String) });
  });

  it('names the failing check without echoing the secret', () => {
    const verdict = verify(signedAt(NOW, body, 'other-secret'));
    expect(verdict).toEqual({ ok: false, reason: 'missing or wrong x-imgfront-webhook-signature' });
  });
});
