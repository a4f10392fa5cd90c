import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { fromDependencySdkError } from '../aws/sdk-errors';
import { BoundedCache } from '../cache/bounded-cache';
import { dependencyFailed } from '../errors/image-error';
import { parseEndpoint, type Endpoint } from './endpoint-schema';
import { registryWritesTo } from './registry-writes';
import { defaultEndpointKey, endpointKey } from './table-keys';

/** Looks endpoints up by id; `findDefault` returns the endpoint serving unmatched first segments. */
export interface EndpointRegistry {
  find(id: string): Promise<Endpoint | undefined>;
  findDefault(): Promise<Endpoint | undefined>;
}

export interface DynamoEndpointRegistryOptions {
  client: DynamoDBClient;
  tableName: string;
  /** How long a lookup (hit or miss) is reused in a warm Lambda. */
  cacheSeconds: number;
  /** Most lookups remembered; junk first segments push out the least recently used. @default 1000 */
  maxEntries?: number;
  /** How long past `cacheSeconds` a known endpoint keeps serving while DynamoDB fails. @default 3600 */
  staleIfErrorSeconds?: number;
  now?: () => number;
}

/** Attribute of an endpoint item that holds the endpoint document. */
export const ENDPOINT_ATTRIBUTE = 'endpoint';
/** Attribute of the default-endpoint pointer that names the endpoint id. */
export const DEFAULT_ENDPOINT_ATTRIBUTE = 'endpointId';

/**
 * The DynamoDB-backed registry. Items are validated on read: a broken item answers `500 UNIDENTIFIED`
 * naming the field in the log, never a crash, and is not cached. A failing table is ours to fix, never
 * "file not found": `UNIDENTIFIED` (503 while it may pass), except that endpoints this function already
 * resolved keep serving for `staleIfErrorSeconds`.
 */
export function createDynamoEndpointRegistry(options: DynamoEndpointRegistryOptions): EndpointRegistry {
  const cache = new BoundedCache<Endpoint | undefined>({
    maxEntries: options.maxEntries ?? 1000,
    ttlMs: options.cacheSeconds * 1000,
    staleIfErrorMs: (options.staleIfErrorSeconds ?? 3600) * 1000,
    now: options.now,
  });
  const documents = DynamoDBDocumentClient.from(options.client);
  let writesSeen = registryWritesTo(options.tableName);

  async function readItem(key: { pk: string; sk: string }) {
    try {
      const { Item } = await documents.send(new GetCommand({ TableName: options.tableName, Key: key }));
      return Item;
    } catch (error) {
      throw fromDependencySdkError(error, `registry read ${key.pk}/${key.sk}`);
    }
  }

  async function load(id: string): Promise<Endpoint | undefined> {
    const item = await readItem(endpointKey(id));
    if (item === undefined) return undefined;
    const parsed = parseEndpoint(item[ENDPOINT_ATTRIBUTE]);
    if (!parsed.ok) throw dependencyFailed(`endpoint "${id}" is invalid: ${parsed.message}`);
    return parsed.endpoint;
  }

  /** A registry write in this process (the local stack, the CLI's tests) is seen at once. */
  function forgetOnLocalWrites(): void {
    const writes = registryWritesTo(options.tableName);
    if (writes === writesSeen) return;
    writesSeen = writes;
    cache.clear();
  }

  const find = (id: string) => {
    forgetOnLocalWrites();
    return cache.getOrLoad(`id:${id}`, () => load(id));
  };

  return {
    find,
    findDefault: () => {
      forgetOnLocalWrites();
      return cache.getOrLoad('default', async () => {
        const pointer = await readItem(defaultEndpointKey());
        const id = pointer?.[DEFAULT_ENDPOINT_ATTRIBUTE];
        return typeof id === 'string' ? find(id) : undefined;
      });
    },
  };
}
