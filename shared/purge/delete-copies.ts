import { DeleteObjectCommand, ListObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import { fromDependencySdkError } from '../aws/sdk-errors';
import { copyPrefixOf } from '../origins/copies/copy-key';

/** Deletes the kept copies of originals that purge paths cover (endpoint setting `keepOriginalCopy`). */
export type CopyPurger = (paths: readonly string[]) => Promise<{ deleted: number }>;

export interface CopyPurgerOptions {
  client: S3Client;
  bucket: string;
  /** Deletes in flight at once. @default 8 */
  concurrency?: number;
  /** Keys per listing page. @default 1000 (S3's most) */
  pageSize?: number;
}

/** The prefixes to list, without those a shorter one already covers. */
function coveringPrefixes(paths: readonly string[]): string[] {
  const kept: string[] = [];
  for (const prefix of [...new Set(paths.map(copyPrefixOf))].sort()) {
    const last = kept.at(-1);
    if (last === undefined || !prefix.startsWith(last)) kept.push(prefix);
  }
  return kept;
}

/** The endpoint folder a prefix lies in (`shop/` for `shop/a.jpg`), if it names one. */
const folderOf = (prefix: string): string | undefined => {
  const slash = prefix.indexOf('/');
  return slash === -1 ? undefined : prefix.slice(0, slash + 1);
};

/**
 * Deletes every copy under the prefixes the purge paths cover (see `copyPrefixOf`). Most endpoints keep
 * no copies, so each endpoint folder is first asked for one key: a burst of thousands of purge paths of
 * such endpoints costs one listing per endpoint. Failures throw (`UNIDENTIFIED`, retryable when they
 * may pass), so the purge is retried before its invalidation can re-cache a stale copy.
 */
export function createCopyPurger(options: CopyPurgerOptions): CopyPurger {
  const { client, bucket } = options;
  const concurrency = options.concurrency ?? 8;
  const pageSize = options.pageSize ?? 1000;

  /**
   * Keys under `prefix`, every page (or the first `maxKeys`). ListObjects (v1) pages by the last key
   * seen, which S3 and s3rver both do; s3rver's v2 continuation tokens need a cipher Node 20 lacks.
   */
  async function list(prefix: string, maxKeys?: number): Promise<string[]> {
    const keys: string[] = [];
    let marker: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsCommand({
          Bucket: bucket,
          Prefix: prefix,
          Marker: marker,
          MaxKeys: maxKeys ?? pageSize,
        }),
      );
      const found = (page.Contents ?? []).flatMap((object) => (object.Key === undefined ? [] : [object.Key]));
      keys.push(...found);
      marker = maxKeys === undefined && page.IsTruncated ? found.at(-1) : undefined;
    } while (marker !== undefined);
    return keys;
  }

  async function deleteAll(keys: string[]): Promise<void> {
    const queue = [...keys];
    const workers = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let key = queue.shift(); key !== undefined; key = queue.shift())
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    });
    await Promise.all(workers);
  }

  return async (paths) => {
    try {
      const prefixes = coveringPrefixes(paths);
      const folders = [...new Set(prefixes.map(folderOf).filter((folder) => folder !== undefined))];
      const empty = new Set<string>();
      for (const folder of folders) if ((await list(folder, 1)).length === 0) empty.add(folder);
      let deleted = 0;
      for (const prefix of prefixes) {
        const folder = folderOf(prefix);
        if (folder !== undefined && empty.has(folder)) continue;
        const keys = await list(prefix);
        await deleteAll(keys);
        deleted += keys.length;
      }
      return { deleted };
    } catch (error) {
      throw fromDependencySdkError(error, `deleting kept copies in s3://${bucket}`);
    }
  };
}
