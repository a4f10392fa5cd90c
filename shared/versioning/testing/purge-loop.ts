import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import {
  startCloudFrontStub,
  type CloudFrontStub,
  type CloudFrontStubOptions,
} from '../../../local/cloudfront-stub';
import {
  createRegistryTable,
  LOCAL_CREDENTIALS,
  startDynamo,
  type RunningDynamo,
} from '../../../local/emulators';
import { silentEventLog } from '../../log/event-log';
import { createInProcessPurgeQueue, type InProcessPurgeQueue } from '../../purge/in-process-purge-queue';
import { createInvalidationApi } from '../../purge/invalidation-api';
import { createInvalidator } from '../../purge/invalidator';
import { createPurgeRecordStore } from '../../purge/purge-records';
import { createDynamoEndpointRegistry } from '../../registry/endpoint-registry';
import type { EndpointInput } from '../../registry/endpoint-schema';
import { putEndpoint } from '../../registry/endpoint-writer';
import { createCachedEndpointLister } from '../../registry/list-endpoints';
import { createVersionLookup, type VersionLookup } from '../version-lookup';
import { createVersionStore, type VersionStore } from '../version-store';
import { createVersionWriter, type VersionWriter } from '../version-writer';

/** The whole S3-event-to-CloudFront loop on local servers, wired as the local stack wires it. */
export interface PurgeLoop {
  dynamo: RunningDynamo;
  cloudFront: CloudFrontStub;
  store: VersionStore;
  writer: VersionWriter;
  queue: InProcessPurgeQueue;
  lookup: VersionLookup;
  distributionId: string;
  close(): Promise<void>;
}

const TABLE = 'imgfront-registry';

/** Starts dynalite and the CloudFront stub, registers `endpoints`, and wires writer -> queue -> invalidator. */
export async function startPurgeLoop(options: {
  endpoints: EndpointInput[];
  batchWindowMs?: number;
  cloudFront?: CloudFrontStubOptions;
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
  const writer = createVersionWriter({
    store,
    listEndpoints: createCachedEndpointLister({ client: dynamo.client, tableName: TABLE, cacheSeconds: 60 }),
    sink: queue,
    log: silentEventLog,
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
    async close() {
      queue.close();
      cloudFrontClient.destroy();
      await Promise.all([cloudFront.close(), dynamo.close()]);
    },
  };
}
