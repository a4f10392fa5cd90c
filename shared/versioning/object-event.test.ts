import { decodeS3EventKey, encodeS3EventKey } from './s3-event-key';
import { parseObjectEvents } from './object-event';
import { compareSequencers, normalizeSequencer } from './sequencer';

/** An S3 notification record as S3 sends it to Lambda (key URL-encoded, `+` for spaces). */
const notification = (eventName: string, key: string, extra: Record<string, unknown> = {}) => ({
  eventVersion: '2.1',
  eventSource: 'aws:s3',
  awsRegion: 'eu-west-1',
  eventTime: '2024-05-01T10:00:00.123Z',
  eventName,
  s3: {
    s3SchemaVersion: '1.0',
    bucket: { name: 'media-bucket', arn: 'arn:aws:s3:::media-bucket' },
    object: {
      key,
      size: 2048,
      eTag: 'd41d8cd98f00b204e9800998ecf8427e',
      sequencer: '0055AED6DCD90281E5',
      ...extra,
    },
  },
});

const eventBridge = (detailType: string, key: string, object: Record<string, unknown> = {}) => ({
  version: '0',
  id: '17793124-05d4-b198-2fde-7ededc63b103',
  'detail-type': detailType,
  source: 'aws.s3',
  account: '111122223333',
  time: '2024-05-01T10:00:01Z',
  region: 'eu-west-1',
  resources: ['arn:aws:s3:::media-bucket'],
  detail: {
    version: '0',
    bucket: { name: 'media-bucket' },
    object: {
      key,
      size: 5,
      etag: 'b1946ac92492d2347c6235b4d2611184',
      sequencer: '00617F08299329D189',
      ...object,
    },
    reason: 'PutObject',
  },
});

describe('S3 event keys', () => {
  it.each([
    ['red+flower.jpg', 'red flower.jpg'],
    ['c%2B%2B.png', 'c++.png'],
    ['photos/%C3%A9t%C3%A9+2024/%E7%8C%AB.webp', 'photos/été 2024/猫.webp'],
    ['emoji/%F0%9F%8C%B8.png', 'emoji/🌸.png'],
    ['a%25b.jpg', 'a%b.jpg'],
  ])('decodes %s to %s and encodes it back', (encoded, key) => {
    expect(decodeS3EventKey(encoded)).toBe(key);
    expect(decodeS3EventKey(encodeS3EventKey(key))).toBe(key);
  });

  it('refuses malformed percent-encoding with a clear error', () => {
    expect(() => decodeS3EventKey('bad%E0%A4.jpg')).toThrow(/URL-encoded S3 object key/);
  });
});

describe('sequencers', () => {
  it('compares by left-padding the shorter one, as S3 documents', () => {
    expect(compareSequencers('FF', '0100')).toBeLessThan(0);
    expect(compareSequencers('0055AED6DCD90281E5', '55aed6dcd90281e5')).toBe(0);
    expect(compareSequencers('0055AED6DCD90281E6', '0055AED6DCD90281E5')).toBeGreaterThan(0);
  });

  it.each(['', 'xyz', '12 34', '1'.repeat(65)])('refuses "%s"', (raw) => {
    expect(() => normalizeSequencer(raw)).toThrow(/hex sequencer/);
  });
});

describe('parseObjectEvents', () => {
  it('reads S3 notification records: creates, deletes and lifecycle expirations', () => {
    const { events, rejected } = parseObjectEvents({
      Records: [
        notification('ObjectCreated:Put', 'photos/red+flower%2B.jpg'),
        notification('ObjectRemoved:Delete', 'old.jpg'),
        notification('ObjectRemoved:DeleteMarkerCreated', 'versioned.jpg'),
        notification('LifecycleExpiration:Delete', 'expired.jpg'),
      ],
    });
    expect(rejected).toEqual([]);
    expect(events.map((event) => [event.kind, event.key])).toEqual([
      ['created', 'photos/red flower+.jpg'],
      ['deleted', 'old.jpg'],
      ['deleted', 'versioned.jpg'],
      ['deleted', 'expired.jpg'],
    ]);
    expect(events[0]).toMatchObject({
      bucket: 'media-bucket',
      sequencer: normalizeSequencer('0055AED6DCD90281E5'),
      eventTimeMs: Date.parse('2024-05-01T10:00:00.123Z'),
      etag: 'd41d8cd98f00b204e9800998ecf8427e',
      size: 2048,
    });
    expect(events[1]?.etag).toBeUndefined();
  });

  it('reads EventBridge Object Created and Object Deleted events', () => {
    const created = parseObjectEvents(eventBridge('Object Created', '%E7%8C%AB+cat.png'));
    expect(created.events).toEqual([
      {
        kind: 'created',
        bucket: 'media-bucket',
        key: '猫 cat.png',
        sequencer: normalizeSequencer('00617F08299329D189'),
        eventTimeMs: Date.parse('2024-05-01T10:00:01Z'),
        etag: 'b1946ac92492d2347c6235b4d2611184',
        size: 5,
      },
    ]);
    const deleted = parseObjectEvents(
      eventBridge('Object Deleted', 'gone.jpg', { size: undefined, etag: undefined }),
    );
    expect(deleted.events[0]).toMatchObject({ kind: 'deleted', key: 'gone.jpg' });
  });

  it('ignores event types that change no bytes and the test event S3 sends on setup', () => {
    expect(parseObjectEvents({ Records: [notification('ObjectRestore:Completed', 'a.jpg')] })).toEqual({
      events: [],
      rejected: [],
    });
    expect(parseObjectEvents(eventBridge('Object Tags Added', 'a.jpg'))).toEqual({
      events: [],
      rejected: [],
    });
    expect(
      parseObjectEvents({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: 'media-bucket' }),
    ).toEqual({
      events: [],
      rejected: [],
    });
  });

  it('rejects malformed records with a reason and keeps the good ones', () => {
    const { events, rejected } = parseObjectEvents({
      Records: [
        notification('ObjectCreated:Put', 'ok.jpg'),
        notification('ObjectCreated:Put', 'no-sequencer.jpg', { sequencer: undefined }),
        notification('ObjectCreated:Put', 'bad%E0.jpg'),
        { eventName: 'ObjectCreated:Put' },
      ],
    });
    expect(events.map((event) => event.key)).toEqual(['ok.jpg']);
    expect(rejected).toEqual([
      expect.stringMatching(/^Records\[1\]: .*no sequencer/),
      expect.stringMatching(/^Records\[2\]: .*URL-encoded/),
      expect.stringMatching(/^Records\[3\]: /),
    ]);
  });

  it('rejects payloads that are not S3 events', () => {
    for (const payload of [null, 'text', 42, { hello: 'world' }]) {
      expect(parseObjectEvents(payload).rejected).toHaveLength(1);
    }
  });
});
