import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SERVICE_NAME } from '../log/logger';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { AwsClientDefaults } from '../aws/client-defaults';
import { composeFaceDetector } from '../faces/compose-detector';
import type { ServiceConfig } from '../config/config';
import { requestLogTo, type RequestLogger } from '../log/request-log';
import { requestMetricsTo } from '../metrics/transform-metrics';
import { composeEventPublisher } from '../events/compose-event-publisher';
import type { EventPublisher } from '../events/event-publisher';
import { createOriginFactory } from '../origins/origin-factory';
import { reportOriginFailures } from '../origins/report-origin-failures';
import { createVariantBudget, type VariantBudget } from '../budget/variant-budget';
import { createDynamoEndpointRegistry, type EndpointRegistry } from '../registry/endpoint-registry';
import { createAwsSecretResolver } from '../secrets/aws-secret-resolver';
import type { Telemetry } from '../runtime/telemetry';
import type { SecretResolver } from '../secrets/secret-resolver';
import { configureSharp } from '../transform/sharp-setup';
import { createVersionLookup, type VersionLookup } from '../versioning/version-lookup';
import { createVersionStore } from '../versioning/version-store';
import { createImageService, type ImageService } from './image-service';

export interface ComposeOptions {
  telemetry?: Telemetry;
  log?: RequestLogger;
  clientDefaults?: AwsClientDefaults;
  secrets?: SecretResolver;
  events?: EventPublisher;
  /**
   * Endpoints from somewhere other than the registry table (`imgfront serve`); no DynamoDB client is
   * made then, and unversioned TTLs are not shortened (there is no version table to ask).
   */
  registry?: EndpointRegistry;
}

/**
 * Wires the image service from configuration: the one composition root Lambda and servers share.
 * Request lines go to `log` if given (tests capture them), else to the telemetry's logger; metrics go
 * to the telemetry's metrics. Without either, requests are neither logged nor measured (benchmarks).
 */
export function composeImageService(config: ServiceConfig, options: ComposeOptions = {}): ImageService {
  const { telemetry } = options;
  configureSharp();
  const clientDefaults = options.clientDefaults ?? {};
  const secrets =
    options.secrets ??
    createAwsSecretResolver({
      ssm: new SSMClient(clientDefaults),
      secretsManager: new SecretsManagerClient(clientDefaults),
    });
  const { registry, versions, variantBudget } = options.registry
    ? { registry: options.registry, versions: undefined, variantBudget: undefined }
    : registryTable(config, clientDefaults);
  return createImageService({
    config,
    registry,
    versions,
    variantBudget,
    originsFor: reportOriginFailures(createOriginFactory(config, secrets, clientDefaults), {
      events:
        options.events ?? composeEventPublisher(config, { service: SERVICE_NAME.transform, clientDefaults }),
    }),
    secrets,
    log: options.log ?? (telemetry ? requestLogTo(telemetry.logger) : () => undefined),
    metrics: telemetry && requestMetricsTo(telemetry.metrics),
    detectFaces: composeFaceDetector(config, clientDefaults),
  });
}

/** The DynamoDB registry and the version lookup that shares its table. */
function registryTable(
  config: ServiceConfig,
  clientDefaults: AwsClientDefaults,
): { registry: EndpointRegistry; versions: VersionLookup; variantBudget: VariantBudget } {
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
    variantBudget: createVariantBudget({ client: dynamo, tableName: config.registryTable }),
  };
}
