import type { Metrics } from '@aws-lambda-powertools/metrics';
import { SERVICE_NAME } from '../log/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { AwsClientDefaults } from '../aws/client-defaults';
import type { ServiceConfig } from '../config/config';
import { ENV } from '../config/env-names';
import { composeEventPublisher } from '../events/compose-event-publisher';
import type { EventPublisher } from '../events/event-publisher';
import type { EventLog } from '../log/event-log';
import { versionMetricsTo } from '../metrics/version-metrics';
import type { PurgeSink } from '../purge/purge-sink';
import { createSqsPurgeSink } from '../purge/sqs-purge-sink';
import { createEndpointLister } from '../registry/list-endpoints';
import { createVersionStore } from './version-store';
import { createVersionWriter, type VersionWriter } from './version-writer';

/**
 * Wires the version writer from configuration: the composition root the Lambda and the local stack
 * share. Purges go to the SQS purge queue unless a `sink` is given (the local stack passes its
 * in-process queue); without either, the cold start fails naming the missing setting. Events go where
 * the configuration says (see `composeEventPublisher`).
 */
export function composeVersionWriter(
  config: ServiceConfig,
  options: {
    clientDefaults?: AwsClientDefaults;
    sink?: PurgeSink;
    log?: EventLog;
    /** Where `VersionsRecorded` and `PurgesRequested` go; the caller flushes it. */
    metrics?: Metrics;
    events?: EventPublisher;
  } = {},
): VersionWriter {
  const clientDefaults = options.clientDefaults ?? {};
  const dynamo = new DynamoDBClient({ ...clientDefaults, endpoint: config.dynamoEndpoint, maxAttempts: 3 });
  const writeVersions = createVersionWriter({
    store: createVersionStore({ client: dynamo, tableName: config.registryTable }),
    endpoints: createEndpointLister({
      client: dynamo,
      tableName: config.registryTable,
      cacheSeconds: config.registryCacheSeconds,
    }),
    sink: options.sink ?? sqsSink(config, clientDefaults),
    log: options.log,
    events:
      options.events ??
      composeEventPublisher(config, {
        service: SERVICE_NAME.versionWriter,
        clientDefaults,
        log: options.log,
      }),
  });
  if (options.metrics === undefined) return writeVersions;
  const record = versionMetricsTo(options.metrics);
  return async (payload) => {
    const report = await writeVersions(payload);
    record(report);
    return report;
  };
}

function sqsSink(config: ServiceConfig, clientDefaults: AwsClientDefaults): PurgeSink {
  if (config.purgeQueueUrl === undefined) {
    throw new TypeError(`expected the purge queue URL in ${ENV.purgeQueueUrl} but it is not set`);
  }
  return createSqsPurgeSink({ client: new SQSClient({ ...clientDefaults }), queueUrl: config.purgeQueueUrl });
}
