import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { AwsClientDefaults } from '../aws/client-defaults';
import type { ServiceConfig } from '../config/config';
import { ENV } from '../config/env-names';
import { invalid } from '../errors/image-error';
import { createAwsSecretResolver } from '../secrets/aws-secret-resolver';
import {
  registryEdgeEntries,
  syncEdgeStore,
  type EdgeStoreWriter,
  type EdgeSyncResult,
} from './edge-store-sync';
import { kvsStoreWriter } from './kvs-store-writer';

/**
 * Wires the edge sync from configuration: registry (DynamoDB), signing keys (SSM / Secrets Manager,
 * read fresh on every sync so a rotated key reaches the edge) and the KeyValueStore. The local stack
 * passes its own store; in AWS the cold start fails naming the missing setting.
 */
export function composeEdgeSync(
  config: ServiceConfig,
  options: { clientDefaults?: AwsClientDefaults; store?: EdgeStoreWriter } = {},
): () => Promise<EdgeSyncResult> {
  const clientDefaults = options.clientDefaults ?? {};
  const store = options.store ?? kvsStoreWriter(requiredStoreArn(config), { clientDefaults });
  const dynamo = new DynamoDBClient({ ...clientDefaults, endpoint: config.dynamoEndpoint, maxAttempts: 3 });
  const secrets = createAwsSecretResolver({
    ssm: new SSMClient(clientDefaults),
    secretsManager: new SecretsManagerClient(clientDefaults),
    ttlSeconds: 0,
  });
  return async () => syncEdgeStore(store, await registryEdgeEntries(dynamo, config.registryTable, secrets));
}

function requiredStoreArn(config: ServiceConfig): string {
  if (config.edgeStoreArn === undefined) throw invalid(`${ENV.edgeStoreArn} is not set`);
  return config.edgeStoreArn;
}
