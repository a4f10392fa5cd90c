import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { AwsClientDefaults } from '../aws/client-defaults';
import { composeFaceDetector } from '../faces/compose-detector';
import type { ServiceConfig } from '../config/config';
import { jsonLineLogger, type RequestLogger } from '../log/request-log';
import { createOriginFactory } from '../origins/origin-factory';
import { createDynamoEndpointRegistry, type EndpointRegistry } from '../registry/endpoint-registry';
import { createAwsSecretResolver } from '../secrets/aws-secret-resolver';
import type { SecretResolver } from '../secrets/secret-resolver';
import { configureSharp } from '../transform/sharp-setup';
import { createVersionLookup, type VersionLookup } from '../versioning/version-lookup';
import { createVersionStore } from '../versioning/version-store';
import { createImageService, type ImageService } from './image-service';

export interface ComposeOptions {
  log?: RequestLogger;
  clientDefaults?: AwsClientDefaults;
  secrets?: SecretResolver;
  /**
   * Endpoints from somewhere other than the registry table (`imgfront serve`); no DynamoDB client is
   * made then, and unversioned TTLs are not shortened (there is no version table to ask).
   */
  registry?: EndpointRegistry;
}

/** Wires the image service from configuration: the one composition root Lambda and servers share. */
export function composeImageService(config: ServiceConfig, options: ComposeOptions = {}): ImageService {
  configureSharp();
  const clientDefaults = options.clientDefaults ?? {};
  const secrets =
    options.secrets ??
    createAwsSecretResolver({
      ssm: new SSMClient(clientDefaults),
      secretsManager: new SecretsManagerClient(clientDefaults),
    });
  const { registry, versions } = options.registry
    ? { registry: options.registry, versions: undefined }
    : registryTable(config, clientDefaults);
  return createImageService({
    config,
    registry,
    versions,
    originsFor: createOriginFactory(config, secrets, clientDefaults),
    secrets,
    log: options.log ?? jsonLineLogger,
    detectFaces: composeFaceDetector(config, clientDefaults),
  });
}

/** The DynamoDB registry and the version lookup that shares its table. */
function registryTable(
  config: ServiceConfig,
  clientDefaults: AwsClientDefaults,
): { registry: EndpointRegistry; versions: VersionLookup } {
  const dynamo = new DynamoDBClient({ ...clientDefaults, endpoint: config.dynamoEndpoint, maxAttempts: 3 });
  const registry = createDynamoEndpointRegistry({
    client: dynamo,
    tableName: config.registryTable,
    cacheSeconds: config.registryCacheSeconds,
  });
  return {
    registry,
    versions: createVersionLookup({
      store: createVersionStore({ client: dynamo, tableName: config.registryTable }),
      registry,
    }),
  };
}
