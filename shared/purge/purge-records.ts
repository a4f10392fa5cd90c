import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  UpdateCommand,
  type BatchGetCommandOutput,
  type BatchWriteCommandInput,
  type BatchWriteCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { fromSdkError } from '../aws/sdk-errors';
import { ImageError } from '../errors/image-error';
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

type WriteRequests = NonNullable<BatchWriteCommandInput['RequestItems']>[string];

const KEYS_PER_BATCH_GET = 100;
const ITEMS_PER_BATCH_WRITE = 25;
/** Rounds of resending the items DynamoDB left unprocessed (throttling) before giving up. */
const UNPROCESSED_ROUNDS = 8;

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  );

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

function stillUnprocessed(what: string, count: number): ImageError {
  return new ImageError('UNIDENTIFIED', 'Registry table unavailable', {
    transient: true,
    internal: `${what}: ${count} items unprocessed after ${UNPROCESSED_ROUNDS} rounds`,
  });
}

/** The DynamoDB-backed {@link PurgeRecordStore}. */
export function createPurgeRecordStore(options: {
  client: DynamoDBClient;
  tableName: string;
}): PurgeRecordStore {
  const documents = DynamoDBDocumentClient.from(options.client);
  const TableName = options.tableName;

  async function findChunk(purgeIds: readonly string[], found: Map<string, PurgeRecord>): Promise<void> {
    let keys: Record<string, unknown>[] | undefined = purgeIds.map((id) => purgeKey(id));
    for (let round = 0; keys && keys.length > 0; round += 1) {
      if (round === UNPROCESSED_ROUNDS) throw stillUnprocessed('BatchGet purge records', keys.length);
      if (round > 0) await pause(2 ** round * 10);
      const result: BatchGetCommandOutput = await documents.send(
        new BatchGetCommand({ RequestItems: { [TableName]: { Keys: keys, ConsistentRead: true } } }),
      );
      for (const item of result.Responses?.[TableName] ?? []) found.set(String(item.purgeId), fromItem(item));
      keys = result.UnprocessedKeys?.[TableName]?.Keys;
    }
  }

  async function saveChunk(records: readonly PurgeRecord[]): Promise<void> {
    const expiresAt = Math.floor(Date.now() / 1000) + PURGE_RECORD_RETENTION_DAYS * 86_400;
    let requests: WriteRequests | undefined = records.map((record) => ({
      PutRequest: { Item: { ...purgeKey(record.purgeId), ...record, expiresAt } },
    }));
    for (let round = 0; requests && requests.length > 0; round += 1) {
      if (round === UNPROCESSED_ROUNDS) throw stillUnprocessed('BatchWrite purge records', requests.length);
      if (round > 0) await pause(2 ** round * 10);
      const result: BatchWriteCommandOutput = await documents.send(
        new BatchWriteCommand({ RequestItems: { [TableName]: requests } }),
      );
      requests = result.UnprocessedItems?.[TableName];
    }
  }

  const guarded =
    <A extends unknown[], R>(what: string, run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await run(...args);
      } catch (error) {
        throw fromSdkError(error, what);
      }
    };

  return {
    findExisting: guarded('read purge records', async (purgeIds) => {
      const found = new Map<string, PurgeRecord>();
      for (const chunk of chunks([...new Set(purgeIds)], KEYS_PER_BATCH_GET)) await findChunk(chunk, found);
      return found;
    }),
    save: guarded('write purge records', async (records) => {
      for (const chunk of chunks(records, ITEMS_PER_BATCH_WRITE)) await saveChunk(chunk);
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
