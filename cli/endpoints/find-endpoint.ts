import { fromDependencySdkError } from '../../shared/aws/sdk-errors';
import { notFound } from '../../shared/errors/image-error';
import { endpointIdSchema, type Endpoint } from '../../shared/registry/endpoint-schema';
import { registryOf, type Target } from '../core/target';
import { UsageError } from '../core/usage-error';

/** An endpoint id typed on the command line; anything the registry could never hold is a usage error. */
export function endpointIdArgument(id: string): string {
  if (!endpointIdSchema.safeParse(id).success) throw new UsageError(`"${id}" is not a valid endpoint id`);
  return id;
}

/**
 * The endpoint as the service reads it (validated, defaults explicit). `ENOENT` when there is none; a
 * stored item that fails validation answers with the field at fault.
 */
export async function findEndpoint(target: Target, id: string): Promise<Endpoint> {
  let endpoint: Endpoint | undefined;
  try {
    endpoint = await registryOf(target).find(id);
  } catch (error) {
    throw fromDependencySdkError(error, `read endpoint ${id}`);
  }
  if (endpoint === undefined) throw notFound(`No endpoint "${id}"`);
  return endpoint;
}
