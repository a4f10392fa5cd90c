import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { AwsClientDefaults } from '../aws/client-defaults';
import { composeFaceDetector } from '../faces/compose-detector';
import type { ServiceConfig } from '../config/config';
import { jsonLineLogger, type RequestLogger } from '../log/request-log';
import { composeEventPublisher } from '../events/compose-event-publisher';
import type { EventPublisher } from '../events/event-publisher';
import { createOriginFactory } from '../origins/origin-factory';
import { reportOriginFailures } from '../origins/report-origin-failures';
import { createDynamoEndpointRegistry } from '../registry/endpoint-registry';
import { createAwsSecretResolver } from '../secrets/aws-secret-resolver';
import type { SecretResolver } from '../secrets/secret-resolver';
import { configureSharp } from '../transform/sharp-setup';
import { createVersionLookup } from '../versioning/version-lookup';
import { createVersionStore } from '../versioning/version-store';
import { createImageService, type ImageService } from './image-service';

/** Wires the image service from configuration: the one composition root Lambda and local server share. */
export function composeImageService(
  config: ServiceConfig,
  options: {
    log?: RequestLogger;
    clientDefaults?: AwsClientDefaults;
    secrets?: SecretResolver;
    events?: EventPublisher;
  } = {},
): ImageService {
  configureSharp();
  const clientDefaults = options.clientDefaults ?? {};
  const dynamo = new DynamoDBClient({ ...clientDefaults, endpoint: config.dynamoEndpoint, maxAttempts: 3 });
  const secrets =
    options.secrets ??
    createAwsSecretResolver({
      ssm: new SSMClient(clientDefaults),
      secretsManager: new SecretsManagerClient(clientDefaults),
    });
  const registry = createDynamoEndpointRegistry({
    client: dynamo,
    tableName: config.registryTable,
    cacheSeconds: config.registryCacheSeconds,
  });
  return createImageService({
    config,
    registry,
    versions: createVersionLookup({
      store: createVersionStore({ client: dynamo, tableName: config.registryTable }),
      registry,
    }),
    originsFor: reportOriginFailures(createOriginFactory(config, secrets, clientDefaults), {
      events: options.events ?? composeEventPublisher(config, { clientDefaults }),
    }),
    secrets,
    log: options.log ?? jsonLineLogger,
    detectFaces: composeFaceDetector(config, clientDefaults),
  });
}
