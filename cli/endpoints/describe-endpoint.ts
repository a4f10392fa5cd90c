import type { Endpoint, Origin } from '../../shared/registry/endpoint-schema';

/** One origin in a line: where it reads from. */
export function describeOrigin(origin: Origin): string {
  switch (origin.type) {
    case 's3':
      return `s3://${origin.bucket}/${origin.prefix}${origin.endpointUrl ? ` at ${origin.endpointUrl}` : ''}`;
    case 'web':
      return `web ${origin.baseUrl}`;
    case 'webProxy':
      return `web proxy for ${origin.allowedHosts.join(', ')}`;
  }
}

/** The origins in the order they are tried, one per line. */
export const describeOrigins = (endpoint: Endpoint): string =>
  endpoint.origins.map((origin, index) => `  ${index + 1}. ${describeOrigin(origin)}`).join('\n');
