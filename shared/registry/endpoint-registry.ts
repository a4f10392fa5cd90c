import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { ImageError } from '../errors/image-error';
import { parseEndpoint, type Endpoint } from './endpoint-schema';
import { defaultEndpointKey, endpointKey } from './table-keys';
import { TtlCache } from './ttl-cache';

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
  now?: () => number;
}

/** Attribute of an endpoint item that holds the endpoint document. */
export const ENDPOINT_ATTRIBUTE = 'endpoint';
/** Attribute of the default-endpoint pointer that names the endpoint id. */
export const DEFAULT_ENDPOINT_ATTRIBUTE = 'endpointId';

/**
 * The DynamoDB-backed registry. Items are validated on read: a broken item answers
 * `UNIDENTIFIED` naming the field (logged), never a crash, and is not cached.
 */
export function createDynamoEndpointRegistry(options: DynamoEndpointRegistryOptions): EndpointRegistry {
  const cache = new TtlCache<Endpoint | undefined>(options.cacheSeconds * 1000, options.now);

  const documents = DynamoDBDocumentClient.from(options.client);

  async function readItem(key: { pk: string; sk: string }) {
    const { Item } = await documents.send(new GetCommand({ TableName: options.tableName, Key: key }));
    return Item;
  }

  async function load(id: string): Promise<Endpoint | undefined> {
    const item = await readItem(endpointKey(id));
    if (item === undefined) return undefined;
    const parsed = parseEndpoint(item[ENDPOINT_ATTRIBUTE]);
    if (!parsed.ok) {
      throw new ImageError('UNIDENTIFIED', 'Endpoint configuration is invalid', {
        internal: `endpoint "${id}": ${parsed.message}`,
      });
    }
    return parsed.endpoint;
  }

  const find = (id: string) => cache.getOrLoad(`id:${id}`, () => load(id));

  return {
    find,
    findDefault: () =>
      cache.getOrLoad('default', async () => {
        const pointer = await readItem(defaultEndpointKey());
        const id = pointer?.[DEFAULT_ENDPOINT_ATTRIBUTE];
        return typeof id === 'string' ? find(id) : undefined;
      }),
  };
}
