import { listEndpoints } from '../../shared/registry/list-endpoints';
import { GLOBAL_OPTIONS, parseCommandLine } from '../core/args';
import type { CommandIo, CommandResult } from '../core/command-io';
import { EXIT } from '../core/exit-codes';
import { resolveTarget } from '../core/target';
import { describeOrigin } from '../endpoints/describe-endpoint';

/** `endpoint list`: every endpoint and its origins; invalid items are shown with their fault (exit 1). */
export async function run(argv: readonly string[], io: CommandIo): Promise<CommandResult> {
  const { values } = parseCommandLine(argv, GLOBAL_OPTIONS, { min: 0, max: 0, names: 'no arguments' });
  const target = await resolveTarget(values, io.env);
  const { client, tableName } = target.table();
  const listing = await listEndpoints(client, tableName);
  const rows = listing.endpoints.map(
    (endpoint) =>
      `${endpoint.id}${endpoint.isDefault ? ' (default)' : ''}\n` +
      endpoint.origins.map((origin) => `    ${describeOrigin(origin)}`).join('\n'),
  );
  const broken = listing.invalid.map((item) => `${item.id} (INVALID)\n    ${item.message}`);
  const text =
    [...rows, ...broken].join('\n') || 'No endpoints yet: create one with `imgfront endpoint put`.';
  return {
    data: listing,
    text,
    // A broken item is served as an error: scripts should notice.
    exitCode: listing.invalid.length > 0 ? EXIT.failure : EXIT.ok,
  };
}
