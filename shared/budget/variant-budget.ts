import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { fromDependencySdkError } from '../aws/sdk-errors';
import { TABLE_KEYS, variantCountKey, variantKey } from '../registry/table-keys';

/** Counts the distinct transformations rendered of one original in one UTC day. */
export interface VariantBudget {
  /**
   * Whether `transformation` of `original` may be rendered today: a variant already counted always
   * may (a re-render after a cache eviction costs nothing new); a new one only while under `cap`.
   */
  admit(original: string, transformation: string, cap: number): Promise<boolean>;
}

const DAY_SECONDS = 86_400;

/** A condition that failed is an answer here, never an error. */
const failedCondition = (error: unknown) =>
  error instanceof Error && error.name === 'ConditionalCheckFailedException';

/**
 * The budget in the registry table: one marker item per variant and one counter per original and
 * day, both expiring (TTL) a day after their day ends. The marker is written first, if absent; a
 * new one then increments the counter under the cap, and is taken back when the cap refuses, so the
 * refused variant stays refused for the rest of the day.
 */
export function createVariantBudget(options: {
  client: DynamoDBClient;
  tableName: string;
  /** @default Date.now */
  now?: () => number;
}): VariantBudget {
  const documents = DynamoDBDocumentClient.from(options.client);
  const { tableName } = options;
  return {
    async admit(original, transformation, cap) {
      const nowSeconds = Math.floor((options.now ?? Date.now)() / 1000);
      const day = new Date(nowSeconds * 1000).toISOString().slice(0, 10);
      const expiresAt = (Math.floor(nowSeconds / DAY_SECONDS) + 2) * DAY_SECONDS;
      const marker = variantKey(original, day, transformation);
      try {
        await documents.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...marker, [TABLE_KEYS.timeToLiveAttribute]: expiresAt },
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
          }),
        );
      } catch (error) {
        if (failedCondition(error)) return true;
        throw fromDependencySdkError(error, 'record a variant');
      }
      try {
        await documents.send(
          new UpdateCommand({
            TableName: tableName,
            Key: variantCountKey(original, day),
            UpdateExpression: 'ADD #count :one SET #ttl = :expiresAt',
            ConditionExpression: 'attribute_not_exists(#count) OR #count < :cap',
            ExpressionAttributeNames: { '#count': 'variants', '#ttl': TABLE_KEYS.timeToLiveAttribute },
            ExpressionAttributeValues: { ':one': 1, ':cap': cap, ':expiresAt': expiresAt },
          }),
        );
        return true;
      } catch (error) {
        if (!failedCondition(error)) throw fromDependencySdkError(error, 'count a variant');
        await documents
          .send(new DeleteCommand({ TableName: tableName, Key: marker }))
          .catch((undo: unknown) => {
            throw fromDependencySdkError(undo, 'take back a variant');
          });
        return false;
      }
    },
  };
}
