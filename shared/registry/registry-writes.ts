/**
 * How many registry writes this process has made, per table. A lister remembers the count it loaded
 * at and reloads once it moves, so an endpoint stored in this process is seen by the next event
 * instead of after a cache lifetime. Writes from other processes are not seen here; the version
 * writer's event-time rule covers those.
 */
const writesByTable = new Map<string, number>();

/** Records that this process changed the registry in `tableName`. */
export function noteRegistryWrite(tableName: string): void {
  writesByTable.set(tableName, (writesByTable.get(tableName) ?? 0) + 1);
}

/** The number of registry writes to `tableName` this process has made so far. */
export const registryWritesTo = (tableName: string): number => writesByTable.get(tableName) ?? 0;
