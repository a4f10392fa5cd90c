import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, batchPutAll } from '../aws/dynamo-batch';
import { fromDependencySdkError } from '../aws/sdk-errors';
import type { PurgeRequestedDetail } from '../events/event-types';
import {
  PURGES_IN_PROGRESS_PARTITION,
  purgeInProgressKey,
  purgeKey,
  TABLE_KEYS,
} from '../registry/table-keys';

/** CloudFront's status of a finished invalidation. */
export const COMPLETED = 'Completed';

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

/** What `Purge Requested` and `Purge Completed` tell of a purge: its record without the status bookkeeping. */
export function purgeEventDetail(record: PurgeRecord): PurgeRequestedDetail {
  const { purgeId, paths, distributionId, invalidationId, requestedAt, submittedAt } = record;
  return { purgeId, paths, distributionId, invalidationId, requestedAt, submittedAt };
}

/** Reads and writes purge records. */
export interface PurgeRecordStore {
  /** The records that exist among `purgeIds` (those purges were already submitted). */
  findExisting(purgeIds: readonly string[]): Promise<Map<string, PurgeRecord>>;
  save(records: readonly PurgeRecord[]): Promise<void>;
  get(purgeId: string): Promise<PurgeRecord | undefined>;
  /** Records `status`; a completed purge leaves the in-progress list. */
  updateStatus(purgeId: string, status: string, checkedAt: number): Promise<void>;
  /** Ids of purges not yet seen completed, oldest first. */
  listInProgress(limit: number): Promise<string[]>;
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
        records.map((record) => ({
          ...purgeKey(record.purgeId),
          ...(record.status === COMPLETED ? {} : purgeInProgressKey(record.purgeId, record.submittedAt)),
          ...record,
          expiresAt,
        })),
      );
    }),
    get: guarded('read purge record', async (purgeId) => {
      const { Item } = await documents.send(
        new GetCommand({ TableName, Key: purgeKey(purgeId), ConsistentRead: true }),
      );
      return Item ? fromItem(Item) : undefined;
    }),
    updateStatus: guarded('update purge record', async (purgeId, status, checkedAt) => {
      const leavesList =
        status === COMPLETED
          ? ` REMOVE ${TABLE_KEYS.listIndexPartitionKey}, ${TABLE_KEYS.listIndexSortKey}`
          : '';
      await documents.send(
        new UpdateCommand({
          TableName,
          Key: purgeKey(purgeId),
          UpdateExpression: `SET #status = :status, checkedAt = :checkedAt${leavesList}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':status': status, ':checkedAt': checkedAt },
        }),
      );
    }),
    listInProgress: guarded('list purges in progress', async (limit) => {
      const { Items = [] } = await documents.send(
        new QueryCommand({
          TableName,
          IndexName: TABLE_KEYS.listIndexName,
          KeyConditionExpression: '#pk = :partition',
          ExpressionAttributeNames: { '#pk': TABLE_KEYS.listIndexPartitionKey },
          ExpressionAttributeValues: { ':partition': PURGES_IN_PROGRESS_PARTITION },
          Limit: limit,
        }),
      );
      return Items.map((item) => String(item.purgeId));
    }),
  };
}
