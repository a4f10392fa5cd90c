// The KeyValueStore API accepts SigV4A only: importing this registers the SDK's JavaScript signer.
import '@aws-sdk/signature-v4a';
import {
  CloudFrontKeyValueStoreClient,
  DescribeKeyValueStoreCommand,
  paginateListKeys,
  UpdateKeysCommand,
} from '@aws-sdk/client-cloudfront-keyvaluestore';
import type { AwsClientDefaults } from '../aws/client-defaults';
import { fromDependencySdkError } from '../aws/sdk-errors';
import { dependencyFailed } from '../errors/image-error';
import type { EdgeStoreWriter } from './edge-store-sync';

/** `ListKeys` pages and `UpdateKeys` batches hold at most 50 keys (the API's limits). */
export const KVS_PAGE_SIZE = 50;
export const KVS_BATCH_SIZE = 50;
/** How often one batch is retried after another writer changed the store's ETag under it. */
const CONFLICT_RETRIES = 3;

export interface KvsStoreWriterOptions {
  clientDefaults?: AwsClientDefaults;
  /**
   * A fixed address for the API (a local stand-in), used as given. By default the SDK derives
   * `https://<account>.cloudfront-kvs.global.api.aws` from the ARN; its `endpoint` option would be
   * prefixed with the account id too (`http://123456789012.127.0.0.1:…`), so this replaces the
   * endpoint provider instead.
   */
  endpoint?: string;
}

type Operation = { put: [string, string] } | { delete: string };

/**
 * Puts before deletes, signing keys before the settings that count them, and a deleted endpoint's
 * settings before its keys: when a change spans batches, the function never reads settings naming a
 * key that is not there yet, or no longer.
 */
function orderedOperations(change: Parameters<EdgeStoreWriter['update']>[0]): Operation[] {
  const settingsLast = (key: string) => (key.startsWith('e:') ? 1 : 0);
  const puts = [...change.puts].sort(([a], [b]) => settingsLast(a) - settingsLast(b));
  const deletes = [...change.deletes].sort((a, b) => settingsLast(b) - settingsLast(a));
  return [...puts.map((put) => ({ put })), ...deletes.map((key) => ({ delete: key }))];
}

const isConflict = (error: unknown) =>
  error instanceof Error &&
  (error.name === 'ConflictException' ||
    error.name === 'PreconditionFailed' ||
    (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 412);

const fixedEndpoint = (endpoint: string) => () => ({ url: new URL(endpoint) });

/**
 * The deployed store, through `@aws-sdk/client-cloudfront-keyvaluestore`: `ListKeys` page by page,
 * then `UpdateKeys` in batches, each conditional on the ETag `DescribeKeyValueStore` (or the previous
 * batch) returned. A batch refused because another writer got there first is retried on a fresh ETag.
 */
export function kvsStoreWriter(storeArn: string, options: KvsStoreWriterOptions = {}): EdgeStoreWriter {
  const client = new CloudFrontKeyValueStoreClient({
    ...options.clientDefaults,
    ...(options.endpoint === undefined ? {} : { endpointProvider: fixedEndpoint(options.endpoint) }),
    maxAttempts: 3,
  });
  const currentEtag = async () => {
    const { ETag } = await client.send(new DescribeKeyValueStoreCommand({ KvsARN: storeArn }));
    if (ETag === undefined) throw dependencyFailed(`DescribeKeyValueStore ${storeArn} returned no ETag`);
    return ETag;
  };
  const updateBatch = async (
    batch: readonly Operation[],
    ifMatch: string,
    retries: number,
  ): Promise<string> => {
    try {
      const { ETag } = await client.send(
        new UpdateKeysCommand({
          KvsARN: storeArn,
          IfMatch: ifMatch,
          Puts: batch.flatMap((op) => ('put' in op ? [{ Key: op.put[0], Value: op.put[1] }] : [])),
          Deletes: batch.flatMap((op) => ('delete' in op ? [{ Key: op.delete }] : [])),
        }),
      );
      if (ETag === undefined) throw dependencyFailed(`UpdateKeys ${storeArn} returned no ETag`);
      return ETag;
    } catch (error) {
      if (!isConflict(error)) throw error;
      if (retries === 0)
        throw dependencyFailed(`UpdateKeys ${storeArn}: the store kept changing (ETag conflicts)`, {
          cause: error,
          retryable: true,
        });
      return updateBatch(batch, await currentEtag(), retries - 1);
    }
  };

  return {
    entries: async () => {
      try {
        const entries = new Map<string, string>();
        const pages = paginateListKeys({ client, pageSize: KVS_PAGE_SIZE }, { KvsARN: storeArn });
        for await (const page of pages) {
          for (const { Key, Value } of page.Items ?? []) {
            if (Key !== undefined && Value !== undefined) entries.set(Key, Value);
          }
        }
        return entries;
      } catch (error) {
        throw fromDependencySdkError(error, `list the edge store ${storeArn}`);
      }
    },
    update: async (change) => {
      try {
        const operations = orderedOperations(change);
        let ifMatch = await currentEtag();
        for (let start = 0; start < operations.length; start += KVS_BATCH_SIZE) {
          ifMatch = await updateBatch(
            operations.slice(start, start + KVS_BATCH_SIZE),
            ifMatch,
            CONFLICT_RETRIES,
          );
        }
      } catch (error) {
        throw fromDependencySdkError(error, `update the edge store ${storeArn}`);
      }
    },
  };
}
