import { GLOBAL_OPTIONS, parseCommandLine } from '../core/args';
import type { CommandIo, CommandResult } from '../core/command-io';
import { resolveTarget } from '../core/target';
import { endpointIdArgument, findEndpoint } from '../endpoints/find-endpoint';

/** `endpoint get <id>`: the endpoint as the service reads it (validated, defaults explicit). */
export async function run(argv: readonly string[], io: CommandIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandLine(argv, GLOBAL_OPTIONS, { min: 1, max: 1, names: '<id>' });
  const id = endpointIdArgument(positionals[0] ?? '');
  const endpoint = await findEndpoint(await resolveTarget(values, io.env), id);
  return { data: endpoint, text: JSON.stringify(endpoint, null, 2) };
}
