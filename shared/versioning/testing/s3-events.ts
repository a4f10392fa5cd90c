import { encodeS3EventKey } from '../s3-event-key';

/** One object change to express as an S3 event in tests. */
export interface TestObjectChange {
  kind: 'created' | 'deleted';
  bucket: string;
  key: string;
  sequencer: string;
  /** ms since the epoch. */
  time: number;
  etag?: string;
  size?: number;
}

/** An S3 event notification payload, as S3 invokes Lambda: keys URL-encoded with `+` for spaces. */
export function s3Notification(changes: readonly TestObjectChange[]) {
  return {
    Records: changes.map((change) => ({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'eu-west-1',
      eventTime: new Date(change.time).toISOString(),
      eventName: change.kind === 'created' ? 'ObjectCreated:Put' : 'ObjectRemoved:Delete',
      userIdentity: { principalId: 'AWS:TEST' },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'imgfront-versions',
        bucket: { name: change.bucket, arn: `arn:aws:s3:::${change.bucket}` },
        object: {
          key: encodeS3EventKey(change.key),
          sequencer: change.sequencer,
          ...(change.kind === 'created'
            ? { eTag: change.etag ?? `etag-${change.sequencer}`, size: change.size ?? 1024 }
            : {}),
        },
      },
    })),
  };
}

/** An EventBridge `Object Created` / `Object Deleted` event for one change. */
export function eventBridgeEvent(change: TestObjectChange) {
  return {
    version: '0',
    id: `event-${change.sequencer}`,
    'detail-type': change.kind === 'created' ? 'Object Created' : 'Object Deleted',
    source: 'aws.s3',
    account: '111122223333',
    time: new Date(change.time).toISOString(),
    region: 'eu-west-1',
    resources: [`arn:aws:s3:::${change.bucket}`],
    detail: {
      version: '0',
      bucket: { name: change.bucket },
      object: {
        key: encodeS3EventKey(change.key),
        sequencer: change.sequencer,
        ...(change.kind === 'created'
          ? { etag: change.etag ?? `etag-${change.sequencer}`, size: change.size ?? 1024 }
          : {}),
      },
      reason: change.kind === 'created' ? 'PutObject' : 'DeleteObject',
    },
  };
}
