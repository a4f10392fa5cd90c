import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { fromDependencySdkError } from '../aws/sdk-errors';
import { ENDPOINT_ATTRIBUTE } from './endpoint-registry';
import { parseEndpoint, type Endpoint } from './endpoint-schema';
import { ENDPOINT_LIST_PARTITION, TABLE_KEYS } from './table-keys';
import { registryWritesTo } from './registry-writes';

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
    throw fromDependencySdkError(error, 'list endpoints');
  }
  return listing;
}

/**
 * The endpoint listing for Lambdas that map every S3 event to endpoints, cached, but never used to
 * decide about a change it may predate. Concurrent callers share one load; failed loads are not kept.
 */
export interface EndpointLister {
  /**
   * A listing whose load began after `time` (ms since the epoch, e.g. an S3 event time), so it holds
   * every endpoint stored before then; the cached one when it qualifies, else a new load.
   */
  loadedAfter(time: number): Promise<EndpointListing>;
  /**
   * The listing loaded again, unless the cached one is younger than `recheckIntervalMs`: for an object
   * no listed endpoint serves, where the listing may have missed an endpoint (index propagation, clock
   * skew). The interval keeps a bucket no endpoint serves from querying the table on every event.
   */
  recheck(): Promise<EndpointListing>;
}

export interface EndpointListerOptions {
  client: DynamoDBClient;
  tableName: string;
  /** Longest a listing is reused. */
  cacheSeconds: number;
  /** Shortest time between two rechecks' loads. @default 1000 */
  recheckIntervalMs?: number;
  now?: () => number;
}

interface LoadedListing {
  startedAt: number;
  /** This process's registry writes when the load began: any later write makes the listing stale. */
  writes: number;
  listing: Promise<EndpointListing>;
}

/** {@link listEndpoints} as an {@link EndpointLister}; registry writes in this process drop the cache. */
export function createEndpointLister(options: EndpointListerOptions): EndpointLister {
  const { client, tableName } = options;
  const now = options.now ?? Date.now;
  const maxAgeMs = options.cacheSeconds * 1000;
  const recheckIntervalMs = options.recheckIntervalMs ?? 1000;
  let latest: LoadedListing | undefined;

  const load = (): Promise<EndpointListing> => {
    const loaded: LoadedListing = {
      startedAt: now(),
      writes: registryWritesTo(tableName),
      listing: listEndpoints(client, tableName),
    };
    latest = loaded;
    loaded.listing.catch(() => {
      if (latest === loaded) latest = undefined;
    });
    return loaded.listing;
  };
  const cachedIfLoadedAfter = (time: number): Promise<EndpointListing> | undefined =>
    latest !== undefined &&
    latest.startedAt > time &&
    now() - latest.startedAt < maxAgeMs &&
    latest.writes === registryWritesTo(tableName)
      ? latest.listing
      : undefined;

  return {
    loadedAfter: (time) => cachedIfLoadedAfter(time) ?? load(),
    recheck: () => cachedIfLoadedAfter(now() - recheckIntervalMs) ?? load(),
  };
}
