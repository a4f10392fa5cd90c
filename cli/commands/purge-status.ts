import { purgeMessageSchema } from '../../shared/purge/purge-message';
import { GLOBAL_OPTIONS, parseCommandLine } from '../core/args';
import type { CommandIo, CommandResult } from '../core/command-io';
import { resolveTarget } from '../core/target';
import { UsageError } from '../core/usage-error';
import { lookupPurgeStatus, purgeState } from '../purge/purge-status-lookup';

/** `purge status <id>`: Queued (not submitted yet), InProgress or Completed. */
export async function run(argv: readonly string[], io: CommandIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandLine(argv, GLOBAL_OPTIONS, {
    min: 1,
    max: 1,
    names: '<purge-id>',
  });
  const [purgeId = ''] = positionals;
  if (!purgeMessageSchema.shape.id.safeParse(purgeId).success)
    throw new UsageError(`"${purgeId}" is not a purge id`);
  const target = await resolveTarget(values, io.env);
  const record = await lookupPurgeStatus(target, purgeId);
  const status = purgeState(record);
  const text =
    record === undefined
      ? `Purge ${purgeId}: Queued (not yet submitted to CloudFront; unknown ids look the same)`
      : `Purge ${purgeId}: ${status} (CloudFront invalidation ${record.invalidationId}, ` +
        `submitted ${new Date(record.submittedAt).toISOString()})\n${record.paths.map((path) => `  ${path}`).join('\n')}`;
  return { data: { purgeId, status, ...(record ?? {}) }, text };
}
