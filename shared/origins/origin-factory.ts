import { S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import type { AwsClientDefaults } from '../aws/client-defaults';
import type { ServiceConfig } from '../config/config';
import { createOriginHttpClient } from '../net/origin-http-client';
import type { Endpoint, Origin, S3Origin } from '../registry/endpoint-schema';
import type { SecretResolver } from '../secrets/secret-resolver';
import { IMGFRONT_VERSION } from '../version';
import { createOriginalCopies } from './copies/original-copies';
import { createOriginalsCache } from './originals-cache';
import { createS3Origin } from './s3/s3-origin';
import { createWebFolderOrigin } from './web/web-folder-origin';
import type { WebOriginDeps } from './web/web-origin-deps';
import { createWebProxyOrigin } from './web/web-proxy-origin';
import type { OriginSource } from './types';

/**
 * Builds each endpoint's origin sources once and reuses them (and their SDK clients and connection
 * pools) for as long as the registry hands back the same endpoint object.
 */
export function createOriginFactory(
  config: ServiceConfig,
  secrets: SecretResolver,
  clientDefaults: AwsClientDefaults = {},
): (endpoint: Endpoint) => readonly OriginSource[] {
  const s3Clients = new Map<string, S3Client>();
  const web: WebOriginDeps = {
    client: createOriginHttpClient({
      userAgentVersion: IMGFRONT_VERSION,
      allowPrivateHosts: config.allowPrivateHosts,
    }),
    secrets,
  };
  const built = new WeakMap<Endpoint, readonly OriginSource[]>();
  const { maxBytes = 0, ttlSeconds = 0 } = config.originalsCache ?? {};
  const originals = maxBytes > 0 ? createOriginalsCache({ maxBytes, ttlMs: ttlSeconds * 1000 }) : undefined;
  const copiesBucket = config.originalCopiesBucket;
  const copies =
    copiesBucket === undefined
      ? undefined
      : createOriginalCopies({
          bucket: copiesBucket,
          client: new S3Client({
            ...clientDefaults,
            endpoint: config.s3Endpoint,
            forcePathStyle: config.s3Endpoint !== undefined,
            maxAttempts: 2,
          }),
        });

  /** One client per region, endpoint and role, so connection pools and assumed-role sessions are shared. */
  function s3ClientFor(origin: S3Origin): S3Client {
    const endpoint = origin.endpointUrl ?? config.s3Endpoint;
    const key = `${origin.region ?? ''}|${endpoint ?? ''}|${origin.forcePathStyle}|${origin.roleArn ?? ''}`;
    let client = s3Clients.get(key);
    if (!client) {
      client = new S3Client({
        ...clientDefaults,
        region: origin.region ?? clientDefaults.region,
        endpoint,
        forcePathStyle: origin.forcePathStyle || endpoint !== undefined,
        maxAttempts: 3,
        // Cross-account buckets: read with a role the bucket owner trusts (refreshed before expiry).
        credentials: origin.roleArn
          ? fromTemporaryCredentials({
              params: { RoleArn: origin.roleArn, RoleSessionName: 'imgfront-origin' },
              clientConfig: { region: clientDefaults.region },
            })
          : clientDefaults.credentials,
      });
      s3Clients.set(key, client);
    }
    return client;
  }

  function build(origin: Origin): OriginSource {
    switch (origin.type) {
      case 's3':
        return createS3Origin(origin, s3ClientFor(origin));
      case 'web':
        return createWebFolderOrigin(origin, web);
      case 'webProxy':
        return createWebProxyOrigin(origin, web);
    }
  }

  /**
   * Kept originals (in memory, then the endpoint's copies of web originals) are scoped by endpoint and
   * the origin's whole settings: another endpoint (or this one after its credentials change) never
   * reads bytes fetched under other settings.
   */
  function cached(endpoint: Endpoint, origin: Origin): OriginSource {
    const source = build(origin);
    const settings = createHash('sha256').update(JSON.stringify(origin)).digest('base64url');
    const keepsCopy = copies && endpoint.settings.keepOriginalCopy && origin.type !== 's3';
    const kept = keepsCopy ? copies.wrap(source, endpoint.id, settings) : source;
    return originals ? originals.wrap(kept, `${endpoint.id}\n${settings}`) : kept;
  }

  return (endpoint) => {
    let sources = built.get(endpoint);
    if (!sources) {
      sources = endpoint.origins.map((origin) => cached(endpoint, origin));
      built.set(endpoint, sources);
    }
    return sources;
  };
}
