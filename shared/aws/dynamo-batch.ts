import {
  BatchGetCommand,
  BatchWriteCommand,
  type BatchGetCommandOutput,
  type BatchWriteCommandInput,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ImageError } from '../errors/image-error';

/** DynamoDB's limits per BatchWriteItem and BatchGetItem call. */
const ITEMS_PER_BATCH_WRITE = 25;
const KEYS_PER_BATCH_GET = 100;
/** Rounds of resending what DynamoDB left unprocessed (throttling) before giving up. */
const UNPROCESSED_ROUNDS = 8;

type Item = Record<string, unknown>;
type WriteRequests = NonNullable<BatchWriteCommandInput['RequestItems']>[string];

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) =>
    items.slice(index * size, (index + 1) * size),
  );

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function stillUnprocessed(what: string, count: number): ImageError {
  return new ImageError('UNIDENTIFIED', 'Table temporarily unavailable', {
    retryable: true,
    internal: `${what}: ${count} items unprocessed after ${UNPROCESSED_ROUNDS} rounds`,
  });
}

/**
 * Puts every item with BatchWriteItem (25 per call), resending unprocessed items with a growing pause.
 * Throws a transient ImageError if some stay unprocessed; SDK errors propagate unchanged.
 */
export async function batchPutAll(
  documents: DynamoDBDocumentClient,
  tableName: string,
  items: readonly Item[],
) {
  for (const chunk of chunks(items, ITEMS_PER_BATCH_WRITE)) {
    let requests: WriteRequests | undefined = chunk.map((Item) => ({ PutRequest: { Item } }));
    for (let round = 0; requests && requests.length > 0; round += 1) {
      if (round === UNPROCESSED_ROUNDS)
        throw stillUnprocessed(`BatchWriteItem ${tableName}`, requests.length);
      if (round > 0) await pause(2 ** round * 10);
      const result: BatchWriteCommandOutput = await documents.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = result.UnprocessedItems?.[tableName];
    }
  }
}

/** Reads every key with strongly consistent BatchGetItem (100 per call), resending unprocessed keys. */
export async function batchGetAll(
  documents: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Item[],
): Promise<Item[]> {
  const found: Item[] = [];
  for (const chunk of chunks(keys, KEYS_PER_BATCH_GET)) {
    let pending: Item[] | undefined = chunk;
    for (let round = 0; pending && pending.length > 0; round += 1) {
      if (round === UNPROCESSED_ROUNDS) throw stillUnprocessed(`BatchGetItem ${tableName}`, pending.length);
      if (round > 0) await pause(2 ** round * 10);
      const result: BatchGetCommandOutput = await documents.send(
        new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      found.push(...(result.Responses?.[tableName] ?? []));
      pending = result.UnprocessedKeys?.[tableName]?.Keys;
    }
  }
  return found;
}
