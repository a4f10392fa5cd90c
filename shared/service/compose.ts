import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ServiceConfig } from '../config/config';
import { jsonLineLogger, type RequestLogger } from '../log/request-log';
import { createOriginFactory } from '../origins/origin-factory';
import { createDynamoEndpointRegistry } from '../registry/endpoint-registry';
import { configureSharp } from '../transform/sharp-setup';
import { createImageService, type ImageService } from './image-service';

/** Wires the image service from configuration: the one composition root Lambda and local server share. */
export function composeImageService(
  config: ServiceConfig,
  log: RequestLogger = jsonLineLogger,
): ImageService {
  configureSharp();
  const dynamo = new DynamoDBClient({ endpoint: config.dynamoEndpoint, maxAttempts: 3 });
  return createImageService({
    config,
    registry: createDynamoEndpointRegistry({
      client: dynamo,
      tableName: config.registryTable,
      cacheSeconds: config.registryCacheSeconds,
    }),
    originsFor: createOriginFactory(config),
    log,
  });
}
