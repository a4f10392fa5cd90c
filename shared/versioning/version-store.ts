import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchPutAll } from '../aws/dynamo-batch';
import { fromDependencySdkError } from '../aws/sdk-errors';
import { objectHistoryKey, objectKey } from '../registry/table-keys';
import type { ObjectEvent } from './object-event';
import type { ObjectVersion, RecordResult, StoredVersion } from './object-version';

/** Records object versions and reads the current one. */
export interface VersionStore {
  /** Records an event with a conditional write on its sequencer; never lets an older event win. */
  record(event: ObjectEvent): Promise<RecordResult>;
  /** Appends versions to their objects' history (`V#<sequencer>` items, batched; rewriting one is a no-op). */
  writeHistory(versions: readonly ObjectVersion[]): Promise<void>;
  getCurrent(bucket: string, key: string): Promise<StoredVersion | undefined>;
}

/** History items expire (DynamoDB TTL on `expiresAt`) after this many days; CURRENT items never do. */
export const HISTORY_RETENTION_DAYS = 90;

type Item = Record<string, unknown>;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const count = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** The version fields of a CURRENT or `V#` history item. */
export function objectVersionFromItem(item: Item): ObjectVersion {
  const version: ObjectVersion = {
    bucket: String(item.bucket),
    key: String(item.objectKey),
    sequencer: String(item.sequencer),
    updatedAt: Number(item.updatedAt),
    deleted: item.deleted === true,
  };
  const etag = text(item.etag);
  const size = count(item.size);
  if (etag !== undefined) version.etag = etag;
  if (size !== undefined) version.size = size;
  return version;
}

function fromItem(item: Item): StoredVersion {
  const version: StoredVersion = objectVersionFromItem(item);
  const previousSequencer = text(item.previousSequencer);
  if (previousSequencer !== undefined) {
    version.previous = { sequencer: previousSequencer, deleted: item.previousDeleted === true };
    const previousEtag = text(item.previousEtag);
    if (previousEtag !== undefined) version.previous.etag = previousEtag;
  }
  return version;
}

/**
 * One UpdateItem both checks the order and remembers what it replaced: DynamoDB evaluates every
 * right-hand side against the item as it was, so `previousEtag = etag` copies the old ETag. A duplicate
 * event fails the condition, so the remembered previous version is never overwritten by itself.
 */
const RECORD_UPDATE = [
  'SET #previousSequencer = if_not_exists(#sequencer, :none)',
  '#previousEtag = if_not_exists(#etag, :none)',
  '#previousDeleted = if_not_exists(#deleted, :none)',
  '#bucket = :bucket, #objectKey = :objectKey, #sequencer = :sequencer',
  '#updatedAt = :updatedAt, #deleted = :deleted, #etag = :etag, #size = :size',
].join(', ');

const RECORD_NAMES = Object.fromEntries(
  [
    'previousSequencer',
    'previousEtag',
    'previousDeleted',
    'bucket',
    'objectKey',
    'sequencer',
    'updatedAt',
    'deleted',
    'etag',
    'size',
  ].map((name) => [`#${name}`, name]),
);

/** The DynamoDB-backed version store (items `OBJECT#<bucket>/<key>` / `CURRENT` and `V#<sequencer>`). */
export function createVersionStore(options: {
  client: DynamoDBClient;
  tableName: string;
  now?: () => number;
}): VersionStore {
  const documents = DynamoDBDocumentClient.from(options.client);
  const now = options.now ?? Date.now;
  const TableName = options.tableName;

  async function getCurrent(bucket: string, key: string): Promise<StoredVersion | undefined> {
    const { Item } = await documents.send(
      new GetCommand({ TableName, Key: objectKey(bucket, key), ConsistentRead: true }),
    );
    return Item ? fromItem(Item) : undefined;
  }

  function historyItem(version: ObjectVersion) {
    const { bucket, key, sequencer, updatedAt, deleted, etag, size } = version;
    const expiresAt = Math.floor(now() / 1000) + HISTORY_RETENTION_DAYS * 86_400;
    return {
      ...objectHistoryKey(bucket, key, sequencer),
      ...{ bucket, objectKey: key, sequencer, updatedAt, deleted, etag: etag ?? null, size: size ?? null },
      expiresAt,
    };
  }

  async function apply(event: ObjectEvent): Promise<StoredVersion | undefined> {
    try {
      const { Attributes } = await documents.send(
        new UpdateCommand({
          TableName,
          Key: objectKey(event.bucket, event.key),
          UpdateExpression: RECORD_UPDATE,
          ConditionExpression: 'attribute_not_exists(#sequencer) OR #sequencer < :sequencer',
          ExpressionAttributeNames: RECORD_NAMES,
          ExpressionAttributeValues: {
            ':none': null,
            ':bucket': event.bucket,
            ':objectKey': event.key,
            ':sequencer': event.sequencer,
            ':updatedAt': event.eventTimeMs,
            ':deleted': event.kind === 'deleted',
            ':etag': event.etag ?? null,
            ':size': event.size ?? null,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? fromItem(Attributes) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async function record(event: ObjectEvent): Promise<RecordResult> {
    try {
      const applied = await apply(event);
      if (applied) return { outcome: 'applied', version: applied };
      const current = await getCurrent(event.bucket, event.key);
      if (current?.sequencer === event.sequencer) return { outcome: 'duplicate', version: current };
      return { outcome: 'stale', current };
    } catch (error) {
      throw fromDependencySdkError(error, `record version of s3://${event.bucket}/${event.key}`);
    }
  }

  return {
    record,
    async writeHistory(versions) {
      try {
        await batchPutAll(documents, TableName, versions.map(historyItem));
      } catch (error) {
        throw fromDependencySdkError(error, 'write version history');
      }
    },
    getCurrent: async (bucket, key) => {
      try {
        return await getCurrent(bucket, key);
      } catch (error) {
        throw fromDependencySdkError(error, `read version of s3://${bucket}/${key}`);
      }
    },
  };
}
