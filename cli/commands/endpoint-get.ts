import { fromSdkError } from '../../shared/aws/sdk-errors';
import { notFound } from '../../shared/errors/image-error';
import { endpointIdSchema } from '../../shared/registry/endpoint-schema';
import { GLOBAL_OPTIONS, parseCommandLine } from '../core/args';
import type { CommandIo, CommandResult } from '../core/command-io';
import { registryOf, resolveTarget } from '../core/target';
import { UsageError } from '../core/usage-error';

/** `endpoint get <id>`: the endpoint as the service reads it (validated, defaults explicit). */
export async function run(argv: readonly string[], io: CommandIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandLine(argv, GLOBAL_OPTIONS, { min: 1, max: 1, names: '<id>' });
  const [id = ''] = positionals;
  if (!endpointIdSchema.safeParse(id).success) throw new UsageError(`"${id}" is not a valid endpoint id`);
  const target = await resolveTarget(values, io.env);
  let endpoint;
  try {
    endpoint = await registryOf(target).find(id);
  } catch (error) {
    throw fromSdkError(error, `read endpoint ${id}`);
  }
  if (endpoint === undefined) throw notFound(`No endpoint "${id}"`);
  return { data: endpoint, text: JSON.stringify(endpoint, null, 2) };
}
