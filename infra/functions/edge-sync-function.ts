import { Duration } from 'aws-cdk-lib';
import type { IKeyValueStore } from 'aws-cdk-lib/aws-cloudfront';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { ENV } from '../../shared/config/env-names';
import { SERVICE_NAME } from '../../shared/log/logger';
import { TABLE_KEYS } from '../../shared/registry/table-keys';
import { InfraConfigError } from '../config/config-error';
import { acknowledgeServerlessRule, acknowledgeWildcardResource } from '../constructs/nag';
import { LAMBDA_BUNDLES } from './lambda-bundles';
import { ImgfrontFunction, type ImgfrontFunctionProps } from './imgfront-function';

/** Lists endpoints through the registry's index (`shared/registry/list-endpoints.ts`). */
export const EDGE_SYNC_INDEX_ACTIONS = ['dynamodb:Query'] as const;
/** Reads the store's ETag and keys, then writes the difference (`shared/edge/kvs-store-writer.ts`). */
export const EDGE_SYNC_STORE_ACTIONS = [
  'cloudfront-keyvaluestore:DescribeKeyValueStore',
  'cloudfront-keyvaluestore:ListKeys',
  'cloudfront-keyvaluestore:UpdateKeys',
] as const;
/** What Lambda's poller needs on the registry's streams. */
export const EDGE_SYNC_STREAM_ACTIONS = [
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:ListStreams',
] as const;
/** Signing keys rotate without a registry write: the schedule bounds how long the edge lags. */
export const EDGE_SYNC_INTERVAL = Duration.minutes(5);
/** Registry items the stream passes on: endpoints and the default endpoint, not versions or purges. */
export const EDGE_SYNC_KEY_PREFIXES = ['ENDPOINT#', 'DEFAULT_ENDPOINT'] as const;

/**
 * The edge sync: keeps the viewer function's KeyValueStore equal to what the registry's endpoints
 * and their signing keys call for (`shared/edge/edge-entries.ts`), on every endpoint change in the
 * registry stream and on a schedule.
 */
export class EdgeSyncFunction extends ImgfrontFunction {
  constructor(scope: Construct, id: string, props: ImgfrontFunctionProps) {
    super(scope, id, props, {
      bundle: LAMBDA_BUNDLES.edgeSync,
      serviceName: SERVICE_NAME.edgeSync,
      description: 'imgfront edge sync: endpoint rules and signing keys into the KeyValueStore',
      memorySize: 256,
      timeout: Duration.seconds(60),
      // One run compares the whole store; two at once would only race on its ETag.
      reservedConcurrentExecutions: 1,
    });
  }

  /** Lists endpoints through the registry's index (no table-wide read). */
  bindRegistry(table: ITable): void {
    this.handler.addEnvironment(ENV.registryTable, table.tableName);
    // No CDK attribute names one index's ARN; this scopes Query to gsi1 instead of `index/*`.
    iam.Grant.addToPrincipal({
      grantee: this.role,
      actions: [...EDGE_SYNC_INDEX_ACTIONS],
      resourceArns: [`${table.tableArn}/index/${TABLE_KEYS.listIndexName}`],
    });
  }

  /** Names the store and lets the function read and update it (and no other store). */
  bindEdgeStore(store: IKeyValueStore): void {
    this.handler.addEnvironment(ENV.edgeStoreArn, store.keyValueStoreArn);
    iam.Grant.addToPrincipal({
      grantee: this.role,
      actions: [...EDGE_SYNC_STORE_ACTIONS],
      resourceArns: [store.keyValueStoreArn],
    });
  }

  /** Runs on endpoint changes in the table's stream (which must be enabled) and every {@link EDGE_SYNC_INTERVAL}. */
  watchRegistry(table: ITable): void {
    if (table.tableStreamArn === undefined) throw new InfraConfigError('The registry table has no stream');
    // The grant DynamoDB documents for a Lambda reading a stream, on this table's streams only
    // (`DynamoEventSource` would add `dynamodb:ListStreams` on every resource).
    const streams = `${table.tableArn}/stream/*`;
    iam.Grant.addToPrincipal({
      grantee: this.role,
      actions: [...EDGE_SYNC_STREAM_ACTIONS],
      resourceArns: [streams],
    });
    acknowledgeWildcardResource(
      this.role,
      streams,
      "A table's stream ARN carries its creation time; `/stream/*` is this table's streams and no other.",
    );
    const mapping = new lambda.EventSourceMapping(this, 'RegistryStream', {
      target: this.handler,
      eventSourceArn: table.tableStreamArn,
      startingPosition: lambda.StartingPosition.LATEST,
      batchSize: 100,
      maxBatchingWindow: Duration.seconds(1),
      retryAttempts: 5,
      filters: EDGE_SYNC_KEY_PREFIXES.map((prefix) =>
        lambda.FilterCriteria.filter({
          dynamodb: { Keys: { [TABLE_KEYS.partitionKey]: { S: lambda.FilterRule.beginsWith(prefix) } } },
        }),
      ),
    });
    acknowledgeServerlessRule(
      mapping,
      'LambdaEventSourceMappingDestination',
      'A failed batch holds only keys of changed endpoints; the next change or the five-minute schedule recomputes the whole store, so there is nothing to keep.',
    );
    acknowledgeServerlessRule(
      this.handler,
      'LambdaDLQ',
      'Its asynchronous invocations are schedule ticks without a payload: each run recomputes the whole store.',
    );
    const rule = new events.Rule(this, 'Schedule', {
      description: 'imgfront: resync the edge store (signing keys rotate without a registry write)',
      schedule: events.Schedule.rate(EDGE_SYNC_INTERVAL),
      targets: [new targets.LambdaFunction(this.handler, { retryAttempts: 0 })],
    });
    acknowledgeServerlessRule(
      rule,
      'EventBusDLQ',
      'A missed tick loses nothing: every run compares the whole store, and the next one comes in five minutes.',
    );
  }
}
