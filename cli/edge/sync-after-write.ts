import type { EdgeSyncResult } from '../../shared/edge/edge-store-sync';
import { toImageError } from '../../shared/errors/image-error';
import type { CommandIo } from '../core/command-io';
import { EXIT, type ExitCode } from '../core/exit-codes';
import type { Target } from '../core/target';

/** How a write's edge sync went, for the command's result. */
export interface EdgeSyncReport {
  /** For `--output json`: the counts, why no sync ran, or why it failed. */
  data: EdgeSyncResult | { skipped: string } | { failed: string };
  /** A failed sync fails the command: the write is stored, but the edge does not enforce it yet. */
  exitCode: ExitCode;
}

const SCHEDULE = 'the edge sync schedule brings it up to date within 5 minutes';

/**
 * Brings the viewer function's KeyValueStore up to date right after a registry or secret write, so a
 * new endpoint setting or a rotated signing key applies at the edge at once. Says on stderr what
 * happened; the write itself has succeeded either way.
 */
export async function syncEdgeAfterWrite(target: Target, io: CommandIo): Promise<EdgeSyncReport> {
  try {
    const result = await target.syncEdge();
    if (result === undefined) {
      const skipped =
        target.mode === 'local'
          ? 'this local stack catches up within a second (restart `npm start` to sync at once)'
          : `no edge sync function known (--stage or IMGFRONT_EDGE_SYNC_FUNCTION): ${SCHEDULE}`;
      io.note(`Edge store: ${skipped}.`);
      return { data: { skipped }, exitCode: EXIT.ok };
    }
    io.note(`Edge store updated (${result.put} put, ${result.deleted} deleted).`);
    return { data: result, exitCode: EXIT.ok };
  } catch (error) {
    const failure = toImageError(error);
    const failed =
      failure.internal === undefined ? failure.message : `${failure.message} (${failure.internal})`;
    io.note(`The edge store was not updated: ${failed}. The edge sync runs again within 5 minutes.`);
    return { data: { failed }, exitCode: EXIT.failure };
  }
}
