import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  startCloudFrontStub,
  type CloudFrontStub,
  type CloudFrontStubOptions,
} from '../../../local/cloudfront-stub';
import {
  createRegistryTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startDynamo,
  type RunningDynamo,
} from '../../../local/emulators';
import { silentEventLog, type EventLog } from '../../log/event-log';
import { createInProcessPurgeQueue, type InProcessPurgeQueue } from '../../purge/in-process-purge-queue';
import { createInvalidationApi } from '../../purge/invalidation-api';
import { createInvalidator } from '../../purge/invalidator';
import { createPurgeRecordStore } from '../../purge/purge-records';
import { createDynamoEndpointRegistry } from '../../registry/endpoint-registry';
import type { EndpointInput } from '../../registry/endpoint-schema';
import { putEndpoint } from '../../registry/endpoint-writer';
import { createEndpointLister } from '../../registry/list-endpoints';
import { createVersionLookup, type VersionLookup } from '../version-lookup';
import { createVersionStore, type VersionStore } from '../version-store';
import { createVersionWriter, type VersionWriter } from '../version-writer';
import { startDynamoCountingProxy } from './dynamo-counting-proxy';

/** The whole S3-event-to-CloudFront loop on local servers, wired as the local stack wires it. */
export interface PurgeLoop {
  dynamo: RunningDynamo;
  cloudFront: CloudFrontStub;
  store: VersionStore;
  writer: VersionWriter;
  queue: InProcessPurgeQueue;
  lookup: VersionLookup;
  distributionId: string;
  /** Endpoint listings the writer has loaded (Query calls on the table, as DynamoDB counts them). */
  listingQueries(): number;
  close(): Promise<void>;
}

const TABLE = 'imgfront-registry';

/** Starts dynalite and the CloudFront stub, registers `endpoints`, and wires writer -> queue -> invalidator. */
export async function startPurgeLoop(options: {
  endpoints: EndpointInput[];
  batchWindowMs?: number;
  cloudFront?: CloudFrontStubOptions;
  /** The endpoint lister's clock. @default Date.now */
  now?: () => number;
  /** The version writer's log. @default silent */
  log?: EventLog;
}): Promise<PurgeLoop> {
  const dynamo = await startDynamo();
  await createRegistryTable(dynamo.client, TABLE);
  for (const endpoint of options.endpoints) await putEndpoint(dynamo.client, TABLE, endpoint);
  const cloudFront = await startCloudFrontStub(options.cloudFront);
  const cloudFrontClient = new CloudFrontClient({
    endpoint: cloudFront.endpoint,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
  });
  const distributionId = 'ELOCALDIST';
  const invalidator = createInvalidator({
    api: createInvalidationApi({ client: cloudFrontClient, distributionId }),
    records: createPurgeRecordStore({ client: dynamo.client, tableName: TABLE }),
    distributionId,
    log: silentEventLog,
    backoff: { baseDelayMs: 5, maxDelayMs: 20 },
  });
  const queue = createInProcessPurgeQueue({
    deliver: (event) => invalidator.handleQueueBatch(event),
    batchWindowMs: options.batchWindowMs ?? 5,
    redeliveryDelayMs: 20,
    log: silentEventLog,
  });
  const store = createVersionStore({ client: dynamo.client, tableName: TABLE });
  // Only the lister talks through the proxy, so its count is the listings loaded.
  const listingProxy = await startDynamoCountingProxy(dynamo.endpoint);
  const listingClient = new DynamoDBClient({
    endpoint: listingProxy.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  const writer = createVersionWriter({
    store,
    endpoints: createEndpointLister({
      client: listingClient,
      tableName: TABLE,
      cacheSeconds: 60,
      now: options.now,
    }),
    sink: queue,
    log: options.log ?? silentEventLog,
  });
  const registry = createDynamoEndpointRegistry({
    client: dynamo.client,
    tableName: TABLE,
    cacheSeconds: 60,
  });
  return {
    dynamo,
    cloudFront,
    store,
    writer,
    queue,
    lookup: createVersionLookup({ store, registry }),
    distributionId,
    listingQueries: () => listingProxy.count('Query'),
    async close() {
      queue.close();
      cloudFrontClient.destroy();
      listingClient.destroy();
      await Promise.all([cloudFront.close(), listingProxy.close(), dynamo.close()]);
    },
  };
}
