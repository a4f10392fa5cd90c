import { verifyWebhook, WEBHOOK_SECRET_HEADER } from './webhook-auth';

const NOW = Date.parse('2026-12-03T08:00:00Z');
const event = (time: string) =>
  JSON.stringify({
    version: '0',
    id: 'a1b2',
    'detail-type': 'Purge Completed',
    source: 'imgfront',
    account: '123456789012',
    time,
    region: 'eu-west-1',
    resources: [],
    detail: { purgeId: 'p1' },
  });
const verify = (headers: Record<string, string>, body: string) =>
  verifyWebhook({ headers, body }, { secret: 's3cret-value', now: NOW });

describe('verifyWebhook', () => {
  it('accepts an imgfront event with the right secret and a recent time', () => {
    const verdict = verify({ [WEBHOOK_SECRET_HEADER]: 's3cret-value' }, event('2026-12-03T07:58:00Z'));
    expect(verdict).toMatchObject({ ok: true, event: { id: 'a1b2', detail: { purgeId: 'p1' } } });
  });

  it.each([
    ['no secret header', {}, event('2026-12-03T08:00:00Z')],
    [
      'a wrong secret of the same length',
      { [WEBHOOK_SECRET_HEADER]: 's3cret-valuX' },
      event('2026-12-03T08:00:00Z'),
    ],
    ['a truncated secret', { [WEBHOOK_SECRET_HEADER]: 's3cret' }, event('2026-12-03T08:00:00Z')],
    [
      'a replay older than five minutes',
      { [WEBHOOK_SECRET_HEADER]: 's3cret-value' },
      event('2026-12-03T07:54:59Z'),
    ],
    ['a time that is not a date', { [WEBHOOK_SECRET_HEADER]: 's3cret-value' }, event('yesterday')],
    ['a body that is not JSON', { [WEBHOOK_SECRET_HEADER]: 's3cret-value' }, '{"truncated'],
    [
      'another source',
      { [WEBHOOK_SECRET_HEADER]: 's3cret-value' },
      event('2026-12-03T08:00:00Z').replace('"imgfront"', '"evil"'),
    ],
  ])('refuses %s', (_case, headers, body) => {
    expect(verify(headers, body)).toMatchObject({ ok: false, reason: expect.any(String) });
  });
});
