import { MAX_PATHS_PER_INVALIDATION } from '../../shared/purge/purge-message';
import { GLOBAL_OPTIONS, parseCommandLine } from '../core/args';
import type { CommandIo, CommandResult } from '../core/command-io';
import { parseDurationSeconds } from '../core/duration';
import { registryOf, resolveTarget } from '../core/target';
import { UsageError } from '../core/usage-error';
import { lookupPurgeStatus, purgeState } from '../purge/purge-status-lookup';
import { resolvePurgeTargets } from '../purge/purge-targets';
import { submitPurge } from '../purge/submit-purge';
import { waitForPurge } from '../purge/wait-for-purge';

const OPTIONS = {
  ...GLOBAL_OPTIONS,
  wait: { type: 'boolean' },
  timeout: { type: 'string' },
} as const;

/** How often `--wait` looks: CloudFront takes minutes, the local stand-in milliseconds. */
const POLL_INTERVAL_MS = { aws: 5000, local: 100 } as const;

/** `purge <url | endpoint/path>...`: one purge request covering every argument. */
export async function run(argv: readonly string[], io: CommandIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS, {
    min: 1,
    max: Infinity,
    names: '<url | endpoint/path>...',
  });
  if (values.timeout !== undefined && !values.wait) throw new UsageError('--timeout needs --wait');
  const timeoutMs = parseDurationSeconds(values.timeout ?? '15m', '--timeout') * 1000;
  const target = await resolveTarget(values, io.env);

  const targets = await resolvePurgeTargets(positionals, registryOf(target));
  const paths = [...new Set(targets.flatMap((purge) => purge.paths))];
  if (paths.length > MAX_PATHS_PER_INVALIDATION) {
    throw new UsageError(
      `at most ${MAX_PATHS_PER_INVALIDATION} paths per purge; purge a folder with "endpoint/folder/*"`,
    );
  }
  const submitted = await submitPurge(target, { paths, requestedAt: Date.now() });
  let status = submitted.status;
  let invalidationId = submitted.invalidationId;

  if (values.wait) {
    const record = await waitForPurge(submitted.purgeId, () => lookupPurgeStatus(target, submitted.purgeId), {
      timeoutMs,
      intervalMs: POLL_INTERVAL_MS[target.mode],
      onPoll: (polled) => io.progress(`Purge ${submitted.purgeId}: ${purgeState(polled)}`),
    });
    status = record.status;
    invalidationId = record.invalidationId;
  }

  const { purgeId } = submitted;
  const lines = [
    `Purge ${purgeId}: ${status}${invalidationId ? ` (CloudFront invalidation ${invalidationId})` : ''}`,
    ...paths.map((path) => `  ${path}`),
  ];
  if (!values.wait) lines.push(`Check it with: imgfront purge status ${purgeId}`);
  return { data: { purgeId, status, invalidationId, paths, targets }, text: lines.join('\n') };
}
