/**
 * The registry table's single-table key layout. Every reader and writer (handler, version writer,
 * invalidator, CLI, infra) builds keys through these functions.
 *
 * | item                 | pk                         | sk               | gsi1pk      | gsi1sk |
 * |----------------------|----------------------------|------------------|-------------|--------|
 * | endpoint             | ENDPOINT#<id>              | CONFIG           | ENDPOINTS   | <id>   |
 * | default endpoint ptr | DEFAULT_ENDPOINT           | CONFIG           |             |        |
 * | object version (now) | OBJECT#<bucket>/<key>      | CURRENT          |             |        |
 * | object version (old) | OBJECT#<bucket>/<key>      | V#<sequencer>    |             |        |
 * | purge request        | PURGE#<id>                 | STATUS           | PURGES_IN_PROGRESS (until completed) | <submittedAt>#<id> |
 * | variant (per day)    | VARIANTS#<day>#<original>  | V#<transformation> |           |        |
 * | variant count        | VARIANTS#<day>#<original>  | COUNT            |             |        |
 */
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  listIndexName: 'gsi1',
  listIndexPartitionKey: 'gsi1pk',
  listIndexSortKey: 'gsi1sk',
  /** Epoch seconds after which DynamoDB deletes the item (TTL); set on purge records and variant counts. */
  timeToLiveAttribute: 'expiresAt',
} as const;

export const endpointKey = (id: string) => ({ pk: `ENDPOINT#${id}`, sk: 'CONFIG' });
export const defaultEndpointKey = () => ({ pk: 'DEFAULT_ENDPOINT', sk: 'CONFIG' });
export const ENDPOINT_LIST_PARTITION = 'ENDPOINTS';
export const objectKey = (bucket: string, key: string) => ({ pk: `OBJECT#${bucket}/${key}`, sk: 'CURRENT' });
export const objectHistoryKey = (bucket: string, key: string, sequencer: string) => ({
  pk: `OBJECT#${bucket}/${key}`,
  sk: `V#${sequencer}`,
});
export const purgeKey = (id: string) => ({ pk: `PURGE#${id}`, sk: 'STATUS' });
/** Purges whose invalidation has not completed yet, oldest first: the completion checks read these. */
export const PURGES_IN_PROGRESS_PARTITION = 'PURGES_IN_PROGRESS';
export const purgeInProgressKey = (id: string, submittedAt: number) => ({
  [TABLE_KEYS.listIndexPartitionKey]: PURGES_IN_PROGRESS_PARTITION,
  [TABLE_KEYS.listIndexSortKey]: `${String(submittedAt).padStart(15, '0')}#${id}`,
});
/** The partitions of the variant budget; the transform may write these and no others. */
export const VARIANT_PARTITION_PREFIX = 'VARIANTS#';
/** `original` is `<endpoint>\n<path>`; `day` is the UTC date, `YYYY-MM-DD`. */
export const variantKey = (original: string, day: string, transformation: string) => ({
  pk: `${VARIANT_PARTITION_PREFIX}${day}#${original}`,
  sk: `V#${transformation}`,
});
export const variantCountKey = (original: string, day: string) => ({
  pk: `${VARIANT_PARTITION_PREFIX}${day}#${original}`,
  sk: 'COUNT',
});
