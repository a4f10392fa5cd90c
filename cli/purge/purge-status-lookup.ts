import { silentEventLog } from '../../shared/log/event-log';
import { composeInvalidator } from '../../shared/purge/compose-invalidator';
import { createPurgeRecordStore, type PurgeRecord } from '../../shared/purge/purge-records';
import { COMPLETED } from '../../shared/purge/purge-status';
import type { Target } from '../core/target';

/**
 * A purge's record with its status refreshed from CloudFront, or undefined while it is still queued.
 * The distribution comes from the record itself, so no distribution id needs to be given.
 */
export async function lookupPurgeStatus(target: Target, purgeId: string): Promise<PurgeRecord | undefined> {
  const { client, tableName } = target.table();
  const record = await createPurgeRecordStore({ client, tableName }).get(purgeId);
  if (record === undefined || record.status === COMPLETED) return record;
  const composed = composeInvalidator(
    { ...target.config, distributionId: record.distributionId },
    { clientDefaults: target.clientDefaults, log: silentEventLog },
  );
  return composed.getPurgeStatus(purgeId);
}

/** How a purge is described to people and scripts: `Queued` until the invalidator has submitted it. */
export function purgeState(record: PurgeRecord | undefined): string {
  return record?.status ?? 'Queued';
}
