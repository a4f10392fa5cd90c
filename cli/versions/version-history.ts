import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { fromDependencySdkError } from '../../shared/aws/sdk-errors';
import { objectHistoryKey, objectKey, TABLE_KEYS } from '../../shared/registry/table-keys';
import type { ObjectVersion } from '../../shared/versioning/object-version';
import { objectVersionFromItem } from '../../shared/versioning/version-store';

/** One object's recorded versions, newest first, and which one is current. */
export interface VersionHistory {
  bucket: string;
  key: string;
  /** The CURRENT item: what the service and `url --versioned` use. */
  current: ObjectVersion | undefined;
  /** History items plus the current version (history expires; the current item never does). */
  versions: ObjectVersion[];
}

/**
 * Reads the version items the version writer keeps for `s3://<bucket>/<key>`: one Query on its
 * partition returns the CURRENT item and the `V#<sequencer>` history items, following pagination.
 */
export async function readVersionHistory(
  client: DynamoDBClient,
  tableName: string,
  bucket: string,
  key: string,
): Promise<VersionHistory> {
  const documents = DynamoDBDocumentClient.from(client);
  const { pk, sk: currentSk } = objectKey(bucket, key);
  const historyPrefix = objectHistoryKey(bucket, key, '').sk;
  let current: ObjectVersion | undefined;
  const versions = new Map<string, ObjectVersion>();
  let startKey: Record<string, unknown> | undefined;
  try {
    do {
      const page = await documents.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
          ExpressionAttributeValues: { ':pk': pk },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const sk = String(item[TABLE_KEYS.sortKey]);
        if (sk === currentSk) current = objectVersionFromItem(item);
        else if (sk.startsWith(historyPrefix))
          versions.set(String(item.sequencer), objectVersionFromItem(item));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  } catch (error) {
    throw fromDependencySdkError(error, `read versions of s3://${bucket}/${key}`);
  }
  if (current && !versions.has(current.sequencer)) versions.set(current.sequencer, current);
  // Sequencers are stored padded to one length, so string order is event order.
  const newestFirst = [...versions.values()].sort((a, b) => (a.sequencer < b.sequencer ? 1 : -1));
  return { bucket, key, current, versions: newestFirst };
}
