import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { listEndpoints } from '../registry/list-endpoints';
import type { SecretResolver } from '../secrets/secret-resolver';
import { edgeEntries } from './edge-entries';

/** A KeyValueStore as the sync sees it: read everything, then write the difference in one batch. */
export interface EdgeStoreWriter {
  entries(): Promise<ReadonlyMap<string, string>>;
  update(change: { puts: ReadonlyMap<string, string>; deletes: readonly string[] }): Promise<void>;
}

/** What one sync changed: counts only, since values may be signing keys. */
export interface EdgeSyncResult {
  put: number;
  deleted: number;
}

/**
 * Makes the store hold exactly `desired`: a whole-store comparison rather than a per-change patch, so
 * a lost, repeated or out-of-order registry event is repaired by the next one.
 */
export async function syncEdgeStore(
  store: EdgeStoreWriter,
  desired: ReadonlyMap<string, string>,
): Promise<EdgeSyncResult> {
  const current = await store.entries();
  const puts = new Map([...desired].filter(([key, value]) => current.get(key) !== value));
  const deletes = [...current.keys()].filter((key) => !desired.has(key));
  if (puts.size > 0 || deletes.length > 0) await store.update({ puts, deletes });
  return { put: puts.size, deleted: deletes.length };
}

/** The entries the registry's endpoints and their signing keys call for (invalid items are skipped). */
export async function registryEdgeEntries(
  client: DynamoDBClient,
  tableName: string,
  secrets: SecretResolver,
): Promise<Map<string, string>> {
  const { endpoints } = await listEndpoints(client, tableName);
  return edgeEntries(endpoints, secrets);
}
