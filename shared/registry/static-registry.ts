import { invalid } from '../errors/image-error';
import type { EndpointRegistry } from './endpoint-registry';
import type { Endpoint } from './endpoint-schema';

/**
 * A fixed set of endpoints held in memory: what `imgfront serve` uses instead of the DynamoDB table.
 * The default endpoint is the one marked `isDefault` (at most one may be).
 */
export function createStaticEndpointRegistry(endpoints: readonly Endpoint[]): EndpointRegistry {
  const byId = new Map(endpoints.map((endpoint) => [endpoint.id, endpoint]));
  const defaults = endpoints.filter((endpoint) => endpoint.isDefault);
  if (byId.size !== endpoints.length) throw invalid('endpoint ids must be unique');
  if (defaults.length > 1) throw invalid('at most one endpoint may have isDefault: true');
  const [fallback] = defaults;
  return {
    find: async (id) => byId.get(id),
    findDefault: async () => fallback,
  };
}
