import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, batchPutAll } from '../aws/dynamo-batch';
import { fromDependencySdkError } from '../aws/sdk-errors';
import { purgeKey } from '../registry/table-keys';

/** What the table remembers about one purge request (`PURGE#<id>` / `STATUS`). */
export interface PurgeRecord {
  purgeId: string;
  paths: string[];
  requestedAt: number;
  distributionId: string;
  invalidationId: string;
  /** CloudFront's status when last looked at: `InProgress` or `Completed`. */
  status: string;
  submittedAt: number;
  /** When the status was last read from CloudFront. */
  checkedAt: number;
}

/** Reads and writes purge records. */
export interface PurgeRecordStore {
  /** The records that exist among `purgeIds` (those purges were already submitted). */
  findExisting(purgeIds: readonly string[]): Promise<Map<string, PurgeRecord>>;
  save(records: readonly PurgeRecord[]): Promise<void>;
  get(purgeId: string): Promise<PurgeRecord | undefined>;
  updateStatus(purgeId: string, status: string, checkedAt: number): Promise<void>;
}

/** Purge records expire (DynamoDB TTL on `expiresAt`) after this many days. */
export const PURGE_RECORD_RETENTION_DAYS = 30;

function fromItem(item: Record<string, unknown>): PurgeRecord {
  return {
    purgeId: String(item.purgeId),
    paths: Array.isArray(item.paths) ? item.paths.map(String) : [],
    requestedAt: Number(item.requestedAt),
    distributionId: String(item.distributionId),
    invalidationId: String(item.invalidationId),
    status: String(item.status),
    submittedAt: Number(item.submittedAt),
    checkedAt: Number(item.checkedAt),
  };
}

/** The DynamoDB-backed {@link PurgeRecordStore}. */
export function createPurgeRecordStore(options: {
  client: DynamoDBClient;
  tableName: string;
}): PurgeRecordStore {
  const documents = DynamoDBDocumentClient.from(options.client);
  const TableName = options.tableName;

  const guarded =
    <A extends unknown[], R>(what: string, run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await run(...args);
      } catch (error) {
        throw fromDependencySdkError(error, what);
      }
    };

  return {
    findExisting: guarded('read purge records', async (purgeIds) => {
      const items = await batchGetAll(documents, TableName, [...new Set(purgeIds)].map(purgeKey));
      return new Map(items.map((item) => [String(item.purgeId), fromItem(item)]));
    }),
    save: guarded('write purge records', async (records) => {
      const expiresAt = Math.floor(Date.now() / 1000) + PURGE_RECORD_RETENTION_DAYS * 86_400;
      await batchPutAll(
        documents,
        TableName,
        records.map((record) => ({ ...purgeKey(record.purgeId), ...record, expiresAt })),
      );
    }),
    get: guarded('read purge record', async (purgeId) => {
      const { Item } = await documents.send(
        new GetCommand({ TableName, Key: purgeKey(purgeId), ConsistentRead: true }),
      );
      return Item ? fromItem(Item) : undefined;
    }),
    updateStatus: guarded('update purge record', async (purgeId, status, checkedAt) => {
      await documents.send(
        new UpdateCommand({
          TableName,
          Key: purgeKey(purgeId),
          UpdateExpression: 'SET #status = :status, checkedAt = :checkedAt',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status, ':checkedAt': checkedAt },
        }),
      );
    }),
  };
}
