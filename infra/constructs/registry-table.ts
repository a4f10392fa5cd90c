import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';
import { TABLE_KEYS } from '../../shared/registry/table-keys';

/**
 * The registry: endpoints, object versions and purge requests in one table (layout in
 * `shared/registry/table-keys.ts`). On-demand, since traffic follows cache misses and uploads;
 * TTL expires old purge records; point-in-time recovery always; deletion protection and RETAIN
 * when the stage keeps its data.
 */
export function createRegistryTable(
  scope: Construct,
  id: string,
  options: { retainData: boolean },
): dynamodb.Table {
  const table = new dynamodb.Table(scope, id, {
    partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
    sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    timeToLiveAttribute: TABLE_KEYS.timeToLiveAttribute,
    // Feeds the edge sync; keys suffice, since each sync compares the whole store.
    stream: dynamodb.StreamViewType.KEYS_ONLY,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: options.retainData,
    removalPolicy: options.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
  });
  table.addGlobalSecondaryIndex({
    indexName: TABLE_KEYS.listIndexName,
    partitionKey: { name: TABLE_KEYS.listIndexPartitionKey, type: dynamodb.AttributeType.STRING },
    sortKey: { name: TABLE_KEYS.listIndexSortKey, type: dynamodb.AttributeType.STRING },
  });
  return table;
}
