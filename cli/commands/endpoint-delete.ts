import { notFound } from '../../shared/errors/image-error';
import { GLOBAL_OPTIONS, parseCommandLine } from '../core/args';
import type { CommandIo, CommandResult } from '../core/command-io';
import { EXIT } from '../core/exit-codes';
import { resolveTarget } from '../core/target';
import { createEndpointStore } from '../endpoints/endpoint-store';
import { endpointIdArgument } from '../endpoints/find-endpoint';
import { syncEdgeAfterWrite } from '../edge/sync-after-write';

const OPTIONS = { ...GLOBAL_OPTIONS, yes: { type: 'boolean', short: 'y' } } as const;

/** `endpoint delete <id>`: asks first; also removes the default pointer when it names this endpoint. */
export async function run(argv: readonly string[], io: CommandIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS, { min: 1, max: 1, names: '<id>' });
  const id = endpointIdArgument(positionals[0] ?? '');
  const target = await resolveTarget(values, io.env);
  const { client, tableName } = target.table();
  const store = createEndpointStore(client, tableName);

  if ((await store.readDocument(id)) === undefined) throw notFound(`No endpoint "${id}"`);
  const question = `Delete endpoint "${id}"? Its URLs will answer 404 (cached copies stay until purged).`;
  if (!(await io.confirm(question, values.yes))) {
    return {
      data: { id, deleted: false },
      text: `Aborted: endpoint "${id}" is kept.`,
      exitCode: EXIT.failure,
    };
  }
  await store.deleteEndpoint(id);
  const wasDefault = await store.clearDefaultPointer(id);
  const edge = await syncEdgeAfterWrite(target, io);
  return {
    data: { id, deleted: true, wasDefault, edgeSync: edge.data },
    text: `Deleted endpoint "${id}"${wasDefault ? ' (it was the default endpoint)' : ''}.`,
    exitCode: edge.exitCode,
  };
}
