import type { Metrics } from '@aws-lambda-powertools/metrics';
import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import type { AwsClientDefaults } from '../aws/client-defaults';
import type { ServiceConfig } from '../config/config';
import { ENV } from '../config/env-names';
import { composeEventPublisher } from '../events/compose-event-publisher';
import type { EventPublisher } from '../events/event-publisher';
import { eventLogTo, type EventLog } from '../log/event-log';
import { createLogger, SERVICE_NAME } from '../log/logger';
import { purgeMetricsTo } from '../metrics/purge-metrics';
import type { BackoffOptions } from './backoff';
import { createCopyPurger, type CopyPurger } from './delete-copies';
import { createInvalidationApi } from './invalidation-api';
import { createInvalidator, type Invalidator } from './invalidator';
import { createPurgeRecordStore, type PurgeRecord } from './purge-records';
import { checkPurgesInProgress, getPurgeStatus } from './purge-status';

/** CloudFront's control plane lives in us-east-1 whatever region the stack is in. */
export const CLOUDFRONT_API_REGION = 'us-east-1';

/** The invalidator plus the purge-status lookup, wired to one distribution. */
export interface ComposedInvalidator {
  invalidator: Invalidator;
  getPurgeStatus(purgeId: string): Promise<PurgeRecord | undefined>;
  /** The scheduled completion check (see `checkPurgesInProgress`). */
  checkPurgesInProgress(): Promise<{ checked: number; completed: number }>;
}

/**
 * Wires the invalidator from configuration: the composition root the Lambda, the CLI and the local
 * stack share. Fails the cold start, naming the setting, when no distribution id is configured.
 */
export function composeInvalidator(
  config: ServiceConfig,
  options: {
    clientDefaults?: AwsClientDefaults;
    log?: EventLog;
    /** Where `InvalidationPaths` and `PurgeLatency` go; the caller flushes it. */
    metrics?: Metrics;
    backoff?: Partial<BackoffOptions>;
    events?: EventPublisher;
  } = {},
): ComposedInvalidator {
  const { distributionId } = config;
  if (distributionId === undefined) {
    throw new TypeError(`expected the CloudFront distribution id in ${ENV.distributionId} but it is not set`);
  }
  const clientDefaults = options.clientDefaults ?? {};
  const api = createInvalidationApi({
    client: new CloudFrontClient({
      ...clientDefaults,
      region: CLOUDFRONT_API_REGION,
      endpoint: config.cloudFrontEndpoint,
    }),
    distributionId,
  });
  const records = createPurgeRecordStore({
    client: new DynamoDBClient({ ...clientDefaults, endpoint: config.dynamoEndpoint, maxAttempts: 3 }),
    tableName: config.registryTable,
  });
  const events =
    options.events ??
    composeEventPublisher(config, {
      service: SERVICE_NAME.invalidator,
      clientDefaults,
      log: options.log,
    });
  return {
    invalidator: createInvalidator({
      api,
      records,
      distributionId,
      log: options.log,
      events,
      metrics: options.metrics && purgeMetricsTo(options.metrics),
      deleteCopies: copyPurgerFor(config, clientDefaults),
      backoff: options.backoff,
    }),
    getPurgeStatus: (purgeId) => getPurgeStatus(purgeId, { records, api, events }),
    checkPurgesInProgress: () =>
      checkPurgesInProgress({
        records,
        api,
        events,
        log: options.log ?? eventLogTo(createLogger(SERVICE_NAME.invalidator)),
      }),
  };
}

/** Kept copies of originals live in the stage's copies bucket, when it has one. */
function copyPurgerFor(config: ServiceConfig, clientDefaults: AwsClientDefaults): CopyPurger | undefined {
  const bucket = config.originalCopiesBucket;
  if (bucket === undefined) return undefined;
  const { s3Endpoint } = config;
  const client = new S3Client({
    ...clientDefaults,
    endpoint: s3Endpoint,
    forcePathStyle: s3Endpoint !== undefined,
    maxAttempts: 3,
  });
  return createCopyPurger({ client, bucket });
}
