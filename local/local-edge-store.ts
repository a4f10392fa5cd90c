import type { EdgeStoreWriter } from '../shared/edge/edge-store-sync';
import type { EdgeKeyValueStore } from '../infra/edge/viewer-request-file';

/**
 * The CloudFront KeyValueStore on one machine: the viewer function reads it through `get` (which
 * rejects a missing key, as `cf.kvs().get` does) and the same sync code that feeds the real store
 * writes it.
 */
export function createLocalEdgeStore(): EdgeKeyValueStore & EdgeStoreWriter {
  const values = new Map<string, string>();
  return {
    get: async (key) => {
      const value = values.get(key);
      if (value === undefined) throw new Error(`The key ${key} is not found`);
      return value;
    },
    entries: async () => new Map(values),
    update: async ({ puts, deletes }) => {
      for (const key of deletes) values.delete(key);
      for (const [key, value] of puts) values.set(key, value);
    },
  };
}
