import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { fromSdkError } from '../aws/sdk-errors';
import { ENDPOINT_ATTRIBUTE } from './endpoint-registry';
import { parseEndpoint, type Endpoint } from './endpoint-schema';
import { ENDPOINT_LIST_PARTITION, TABLE_KEYS } from './table-keys';
import { TtlCache } from './ttl-cache';

/** Every registered endpoint, plus the items that failed validation (skipped, never fatal). */
export interface EndpointListing {
  endpoints: Endpoint[];
  invalid: { id: string; message: string }[];
}

/**
 * Lists all endpoints through the `gsi1` index (gsi1pk = `ENDPOINTS`), following pagination. The index
 * must project the `endpoint` attribute. One broken item does not hide the others.
 */
export async function listEndpoints(client: DynamoDBClient, tableName: string): Promise<EndpointListing> {
  const documents = DynamoDBDocumentClient.from(client);
  const listing: EndpointListing = { endpoints: [], invalid: [] };
  let startKey: Record<string, unknown> | undefined;
  try {
    do {
      const page = await documents.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: TABLE_KEYS.listIndexName,
          KeyConditionExpression: '#partition = :endpoints',
          ExpressionAttributeNames: { '#partition': TABLE_KEYS.listIndexPartitionKey },
          ExpressionAttributeValues: { ':endpoints': ENDPOINT_LIST_PARTITION },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const parsed = parseEndpoint(item[ENDPOINT_ATTRIBUTE]);
        if (parsed.ok) listing.endpoints.push(parsed.endpoint);
        else listing.invalid.push({ id: String(item[TABLE_KEYS.listIndexSortKey]), message: parsed.message });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  } catch (error) {
    throw fromSdkError(error, 'list endpoints');
  }
  return listing;
}

/**
 * {@link listEndpoints} behind a short in-memory cache, for Lambdas that map every event to endpoints:
 * a registry change is picked up within `cacheSeconds`.
 */
export function createCachedEndpointLister(options: {
  client: DynamoDBClient;
  tableName: string;
  cacheSeconds: number;
  now?: () => number;
}): () => Promise<EndpointListing> {
  const cache = new TtlCache<EndpointListing>(options.cacheSeconds * 1000, options.now);
  return () => cache.getOrLoad('all', () => listEndpoints(options.client, options.tableName));
}
