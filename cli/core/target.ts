import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { fromIni } from '@aws-sdk/credential-providers';
import type { AwsClientDefaults } from '../../shared/aws/client-defaults';
import { loadConfig, type ServiceConfig } from '../../shared/config/config';
import { ENV } from '../../shared/config/env-names';
import { ImageError } from '../../shared/errors/image-error';
import { createDynamoEndpointRegistry, type EndpointRegistry } from '../../shared/registry/endpoint-registry';
import { createAwsSecretResolver } from '../../shared/secrets/aws-secret-resolver';
import type { SecretResolver } from '../../shared/secrets/secret-resolver';
import { createStaticSecretResolver } from '../../shared/secrets/static-secret-resolver';
import { DEFAULT_LOCAL_ENDPOINTS_FILE, readLocalEndpoints } from '../local/local-endpoints';
import type { GlobalValues } from './args';
import { CLI_ENV, type CliEnv } from './cli-env';
import { STACK_OUTPUT } from '../../shared/config/stack-contract';
import { readStackSettings, type StackSettings } from './stack-outputs';
import type { EdgeSyncResult } from '../../shared/edge/edge-store-sync';
import { invokeEdgeSync, triggerLocalEdgeSync } from '../edge/edge-sync-trigger';
import { missingSetting, UsageError } from './usage-error';

/** Where a command works: the deployed stack in AWS, or `npm start`'s emulators (`--local`). */
export interface Target {
  mode: 'aws' | 'local';
  /** The same typed configuration the Lambdas load, built from flags, environment or the local file. */
  config: ServiceConfig;
  clientDefaults: AwsClientDefaults;
  /** Base URL of the image CDN (`--domain`, or the local server), when known. */
  baseUrl: string | undefined;
  secrets: SecretResolver;
  /** Clients that write secrets (`imgfront secret put`): AWS's, or the local stack's stub. */
  secretStores(): SecretStores;
  /** The registry table and a client for it; a usage error in AWS mode when no table was named. */
  table(): { client: DynamoDBClient; tableName: string };
  /**
   * Brings the viewer function's KeyValueStore up to date now (the edge sync function, or the local
   * stack's sync); `undefined` when no sync is known here, and the schedule will.
   */
  syncEdge(): Promise<EdgeSyncResult | undefined>;
}

export interface SecretStores {
  ssm: SSMClient;
  secretsManager: SecretsManagerClient;
}

/** Both secret clients, made on first use so commands that never touch secrets never build them. */
function lazySecretStores(make: () => SecretStores): () => SecretStores {
  let stores: SecretStores | undefined;
  return () => (stores ??= make());
}

/** The local stack's secrets stub, or a usage error for a stack started before it existed. */
function localSecretStores(endpoint: string | undefined, clientDefaults: AwsClientDefaults): SecretStores {
  if (endpoint === undefined)
    throw new UsageError('the running local stack has no secrets store: restart `npm start`');
  const options = { ...clientDefaults, endpoint, maxAttempts: 1 };
  return { ssm: new SSMClient(options), secretsManager: new SecretsManagerClient(options) };
}

const AWS_ONLY_FLAGS = ['table', 'queue-url', 'stage', 'region', 'profile'] as const;

/** `img.example.com` or `https://img.example.com/` as a base URL without a trailing slash. */
export function normalizeBaseUrl(domain: string): string {
  const withScheme = /^https?:\/\//i.test(domain) ? domain : `https://${domain}`;
  try {
    return new URL(withScheme).href.replace(/\/+$/, '');
  } catch {
    throw new UsageError(`expected a host name or URL for --domain but received "${domain}"`);
  }
}

function lazyTable(client: () => DynamoDBClient, tableName: string | undefined) {
  let dynamo: DynamoDBClient | undefined;
  return () => {
    if (tableName === undefined) {
      throw missingSetting('--table', ENV.registryTable, STACK_OUTPUT.registryTable);
    }
    dynamo ??= client();
    return { client: dynamo, tableName };
  };
}

function localTarget(values: GlobalValues, env: CliEnv): Target {
  const given = AWS_ONLY_FLAGS.find((flag) => values[flag] !== undefined);
  if (given) throw new UsageError(`--${given} cannot be combined with --local`);
  const local = readLocalEndpoints(values['local-file'] ?? env.localFile ?? DEFAULT_LOCAL_ENDPOINTS_FILE);
  const config = loadConfig({
    [ENV.registryTable]: local.registryTable,
    [ENV.dynamoEndpoint]: local.dynamoEndpoint,
    [ENV.s3Endpoint]: local.s3Endpoint,
    [ENV.allowPrivateHosts]: '127.0.0.1',
    [ENV.distributionId]: local.cloudFront.distributionId,
    [ENV.cloudFrontEndpoint]: local.cloudFront.endpoint,
    ...(local.explainKeyRef === undefined ? {} : { [ENV.explainKeyRef]: local.explainKeyRef }),
    ...(local.originalCopiesBucket === undefined
      ? {}
      : { [ENV.originalCopiesBucket]: local.originalCopiesBucket }),
  });
  const clientDefaults = { region: local.region, credentials: local.credentials };
  const secretStores = lazySecretStores(() => localSecretStores(local.secretsEndpoint, clientDefaults));
  return {
    mode: 'local',
    config,
    clientDefaults,
    baseUrl: normalizeBaseUrl(values.domain ?? local.serverUrl),
    // The stack's own stub when it has one; older stacks take keys as values (`--key`) instead.
    secrets:
      local.secretsEndpoint === undefined
        ? createStaticSecretResolver({})
        : createAwsSecretResolver({ ...secretStores(), ttlSeconds: 0 }),
    secretStores,
    table: lazyTable(
      () => new DynamoDBClient({ ...clientDefaults, endpoint: config.dynamoEndpoint }),
      config.registryTable,
    ),
    // Stacks started before the sync server existed poll their registry every second instead.
    syncEdge: async () =>
      local.edgeSyncUrl === undefined ? undefined : triggerLocalEdgeSync(local.edgeSyncUrl),
  };
}

async function profileCredentials(profile: string) {
  try {
    return await fromIni({ profile })();
  } catch (error) {
    throw new ImageError('EACCES', `AWS profile "${profile}" has no usable credentials`, {
      internal: error instanceof Error ? error.message : String(error),
      cause: error,
    });
  }
}

/**
 * Where the table, purge queue and CDN are: flags, then environment, then (for whatever is still
 * missing) the outputs of the stage's stack, read once.
 */
async function awsSettings(
  values: GlobalValues,
  env: CliEnv,
  stack: (() => Promise<StackSettings>) | undefined,
) {
  const given = {
    registryTable: values.table ?? env.registryTable,
    purgeQueueUrl: values['queue-url'] ?? env.purgeQueueUrl,
    domain: values.domain ?? env.domain,
  };
  const incomplete = Object.values(given).some((value) => value === undefined);
  if (stack === undefined || !incomplete) return given;
  const outputs = await stack();
  return {
    registryTable: given.registryTable ?? outputs.registryTable,
    purgeQueueUrl: given.purgeQueueUrl ?? outputs.purgeQueueUrl,
    domain: given.domain ?? outputs.domain,
  };
}

async function awsTarget(values: GlobalValues, env: CliEnv): Promise<Target> {
  // Without --region/--profile the SDK's own chain applies (AWS_REGION, AWS_PROFILE, SSO, roles).
  const clientDefaults: AwsClientDefaults = {
    ...(values.region === undefined ? {} : { region: values.region }),
    ...(values.profile === undefined ? {} : { credentials: await profileCredentials(values.profile) }),
  };
  const stage = values.stage ?? env.stage;
  let outputs: Promise<StackSettings> | undefined;
  // Read once, and only when something needs it.
  const stack =
    stage === undefined ? undefined : () => (outputs ??= readStackSettings(stage, clientDefaults));
  const { registryTable, purgeQueueUrl, domain } = await awsSettings(values, env, stack);
  const config = loadConfig({
    [ENV.registryTable]: registryTable,
    [ENV.purgeQueueUrl]: purgeQueueUrl,
    [ENV.explainKeyRef]: env.explainKeyRef,
  });
  return {
    mode: 'aws',
    config,
    clientDefaults,
    baseUrl: domain === undefined ? undefined : normalizeBaseUrl(domain),
    secrets: createAwsSecretResolver({
      ssm: new SSMClient(clientDefaults),
      secretsManager: new SecretsManagerClient(clientDefaults),
    }),
    secretStores: lazySecretStores(() => ({
      ssm: new SSMClient(clientDefaults),
      secretsManager: new SecretsManagerClient(clientDefaults),
    })),
    table: lazyTable(() => new DynamoDBClient({ ...clientDefaults, maxAttempts: 5 }), registryTable),
    syncEdge: async () => {
      const functionName = env.edgeSyncFunction ?? (await stack?.())?.edgeSyncFunction;
      return functionName === undefined ? undefined : invokeEdgeSync(functionName, clientDefaults);
    },
  };
}

/** Resolves the target from the global flags; `--local-file` implies `--local`. */
export function resolveTarget(values: GlobalValues, env: CliEnv): Promise<Target> {
  const local = values.local === true || values['local-file'] !== undefined;
  return local ? Promise.resolve(localTarget(values, env)) : awsTarget(values, env);
}

/** The endpoint registry as the service reads it, without caching (every command reads fresh). */
export function registryOf(target: Target): EndpointRegistry {
  const { client, tableName } = target.table();
  return createDynamoEndpointRegistry({ client, tableName, cacheSeconds: 0 });
}

/** The base URL, or a usage error saying where to find it. */
export function requireBaseUrl(target: Target): string {
  if (target.baseUrl === undefined) {
    throw missingSetting('--domain', CLI_ENV.domain, STACK_OUTPUT.imageBaseUrl);
  }
  return target.baseUrl;
}
