import { putEndpoint } from '../../shared/registry/endpoint-writer';
import { fromDependencySdkError } from '../../shared/aws/sdk-errors';
import { GLOBAL_OPTIONS, parseCommandLine } from '../core/args';
import type { CommandIo, CommandResult } from '../core/command-io';
import { EXIT } from '../core/exit-codes';
import { resolveTarget } from '../core/target';
import { diffDocuments, formatChanges } from '../endpoints/endpoint-diff';
import { readEndpointFile } from '../endpoints/endpoint-file';
import { createEndpointStore } from '../endpoints/endpoint-store';
import { describeOrigins } from '../endpoints/describe-endpoint';
import { syncEdgeAfterWrite } from '../edge/sync-after-write';

const OPTIONS = { ...GLOBAL_OPTIONS, yes: { type: 'boolean', short: 'y' } } as const;

/** `endpoint put <file>`: validate, diff against the stored endpoint, confirm, store. */
export async function run(argv: readonly string[], io: CommandIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS, {
    min: 1,
    max: 1,
    names: '<file.yaml | file.json>',
  });
  const [file = ''] = positionals;
  const endpoint = await readEndpointFile(file);
  const target = await resolveTarget(values, io.env);
  const { client, tableName } = target.table();
  const store = createEndpointStore(client, tableName);
  const { id } = endpoint;

  const stored = await store.readDocument(id);
  const changes = stored === undefined ? [] : diffDocuments(stored, endpoint);
  const answer = (action: string, text: string, exitCode: 0 | 1 = EXIT.ok): CommandResult => ({
    data: { id, action, changes },
    text,
    exitCode,
  });

  if (stored !== undefined) {
    if (changes.length === 0) return answer('unchanged', `Endpoint "${id}" is already up to date.`);
    io.note(`Changes to endpoint "${id}":\n${formatChanges(changes)}`);
    const confirmed = await io.confirm(`Overwrite endpoint "${id}" (${changes.length} changes)?`, values.yes);
    if (!confirmed) return answer('aborted', `Aborted: endpoint "${id}" is unchanged.`, EXIT.failure);
  }

  try {
    await putEndpoint(client, tableName, endpoint);
    // Un-defaulting an endpoint must also stop it serving unmatched paths.
    if (stored?.isDefault === true && !endpoint.isDefault) await store.clearDefaultPointer(id);
  } catch (error) {
    throw fromDependencySdkError(error, `store endpoint ${id}`);
  }
  const action = stored === undefined ? 'created' : 'updated';
  const edge = await syncEdgeAfterWrite(target, io);
  return {
    data: { id, action, changes, edgeSync: edge.data },
    text: `${action === 'created' ? 'Created' : 'Updated'} endpoint "${id}":\n${describeOrigins(endpoint)}`,
    exitCode: edge.exitCode,
  };
}
