import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdirSync } from 'node:fs';
import type { AwsClientDefaults } from '../shared/aws/client-defaults';
import { loadConfig, type ServiceConfig } from '../shared/config/config';
import { ENV } from '../shared/config/env-names';
import type { RequestLogger } from '../shared/log/request-log';
import { putEndpoint } from '../shared/registry/endpoint-writer';
import type { EndpointInput } from '../shared/registry/endpoint-schema';
import { createStaticSecretResolver } from '../shared/secrets/static-secret-resolver';
import { composeImageService } from '../shared/service/compose';
import { createBufferedHandler } from '../lambdas/transform/create-handler';
import {
  createRegistryTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startDynamo,
  startS3,
  type RunningDynamo,
  type RunningS3,
} from './emulators';
import { startLocalServer, type LocalServer } from './http-server';

export const DEMO_BUCKET = 'imgfront-demo';
export const REGISTRY_TABLE = 'imgfront-registry';

export interface LocalStackOptions {
  /** Where s3rver keeps objects. */
  dataDirectory: string;
  /** HTTP port for the image server; 0 picks a free one. */
  port?: number;
  /** Extra environment-style settings, e.g. limits, on top of the local defaults. */
  env?: Record<string, string>;
  log?: RequestLogger;
  /** Secret values by reference (`ssm:<name>`, `secretsmanager:<id>`): no Parameter Store runs locally. */
  secrets?: Record<string, string>;
}

export interface LocalStack {
  url: string;
  s3: RunningS3;
  dynamo: RunningDynamo;
  server: LocalServer;
  config: ServiceConfig;
  /** Stores an endpoint document (validated) in the local registry. */
  putEndpoint(document: EndpointInput): Promise<void>;
  close(): Promise<void>;
}

/**
 * The whole service on one machine: s3rver, dynalite and the transform handler behind a local HTTP
 * server, wired exactly as in AWS except for the clients' endpoints.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  mkdirSync(options.dataDirectory, { recursive: true });
  const s3 = await startS3({ directory: options.dataDirectory, buckets: [DEMO_BUCKET] });
  const dynamo = await startDynamo();
  await createRegistryTable(dynamo.client, REGISTRY_TABLE);

  const config = loadConfig({
    [ENV.registryTable]: REGISTRY_TABLE,
    [ENV.dynamoEndpoint]: dynamo.endpoint,
    [ENV.s3Endpoint]: s3.endpoint,
    [ENV.allowPrivateHosts]: '127.0.0.1',
    ...options.env,
  });
  const clientDefaults: AwsClientDefaults = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const secrets = createStaticSecretResolver(options.secrets ?? {});
  const service = composeImageService(config, { log: options.log, clientDefaults, secrets });
  const handler = createBufferedHandler(service);
  const server = await startLocalServer((event, context) => handler(event, context), options.port ?? 0);

  return {
    url: server.url,
    s3,
    dynamo,
    server,
    config,
    putEndpoint: async (document) => {
      await putEndpoint(dynamo.client, REGISTRY_TABLE, document);
    },
    close: async () => {
      await server.close();
      await Promise.all([s3.close(), dynamo.close()]);
    },
  };
}

/** Uploads an object to the local S3 server. */
export async function putObject(
  stack: LocalStack,
  bucket: string,
  key: string,
  body: Buffer,
  contentType?: string,
) {
  await stack.s3.client.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }),
  );
}
