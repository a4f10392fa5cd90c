import { Duration } from 'aws-cdk-lib';
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENV } from '../../shared/config/env-names';
import { acknowledgeServerlessRule } from '../constructs/nag';
import { LAMBDA_BUNDLES } from './lambda-bundles';
import { CHECK_PURGES_EVENT } from '../../shared/purge/purge-status';
import { TABLE_KEYS } from '../../shared/registry/table-keys';
import { SERVICE_NAME } from '../../shared/log/logger';
import { ImgfrontFunction, type ImgfrontFunctionProps } from './imgfront-function';

/** Reads, writes and updates purge records (`shared/purge/purge-records.ts`). */
export const INVALIDATOR_REGISTRY_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:GetItem',
  'dynamodb:UpdateItem',
] as const;
/** Lists the purges in progress through the registry's index (the completion check). */
export const INVALIDATOR_INDEX_ACTIONS = ['dynamodb:Query'] as const;
/** How often the purges in progress are checked, so `Purge Completed` follows CloudFront within this. */
export const PURGE_CHECK_INTERVAL = Duration.minutes(1);
/**
 * The only CloudFront API calls in the stack, on this distribution only (`shared/purge/invalidation-api.ts`
 * lists recent invalidations to count the wildcard paths still in progress).
 */
export const INVALIDATOR_CLOUDFRONT_ACTIONS = [
  'cloudfront:CreateInvalidation',
  'cloudfront:GetInvalidation',
  'cloudfront:ListInvalidations',
] as const;

export const INVALIDATOR_TIMEOUT = Duration.seconds(60);

/**
 * The invalidation runner: turns purge requests into CloudFront invalidations (one wildcard path per
 * original). Fed by the purge queue, and invocable directly by the operator CLI.
 */
export class InvalidatorFunction extends ImgfrontFunction {
  constructor(scope: Construct, id: string, props: ImgfrontFunctionProps) {
    super(scope, id, props, {
      bundle: LAMBDA_BUNDLES.invalidator,
      serviceName: SERVICE_NAME.invalidator,
      description: 'imgfront invalidator: purges every cached transformation of changed originals',
      memorySize: 256,
      timeout: INVALIDATOR_TIMEOUT,
    });
  }

  /** Records purge status in the registry and lists the purges in progress through its index. */
  bindRegistry(table: ITable): void {
    this.bindRegistryTable(table, INVALIDATOR_REGISTRY_ACTIONS);
    // No CDK attribute names one index's ARN; this scopes Query to gsi1 instead of `index/*`.
    iam.Grant.addToPrincipal({
      grantee: this.role,
      actions: [...INVALIDATOR_INDEX_ACTIONS],
      resourceArns: [`${table.tableArn}/index/${TABLE_KEYS.listIndexName}`],
    });
  }

  /** Runs the completion check every `PURGE_CHECK_INTERVAL` (an EventBridge schedule on the default bus). */
  scheduleCompletionChecks(): void {
    const rule = new events.Rule(this, 'CompletionChecks', {
      description: 'imgfront: refresh purges in progress and publish Purge Completed',
      schedule: events.Schedule.rate(PURGE_CHECK_INTERVAL),
      targets: [
        new targets.LambdaFunction(this.handler, {
          event: events.RuleTargetInput.fromObject(CHECK_PURGES_EVENT),
          retryAttempts: 0,
        }),
      ],
    });
    acknowledgeServerlessRule(
      rule,
      'EventBusDLQ',
      'A missed schedule tick loses nothing: the next check a minute later reads every purge still in progress.',
    );
  }

  /**
   * Consumes the purge queue in small batches, at most two at a time, because CloudFront allows only
   * 15 wildcard paths in progress; items refused with `TooManyInvalidationsInProgress` are reported
   * as failures (`reportBatchItemFailures`) and return after the queue's visibility timeout.
   */
  bindPurgeQueue(queue: IQueue): void {
    this.handler.addEventSource(
      new SqsEventSource(queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(20),
        maxConcurrency: 2,
        reportBatchItemFailures: true,
      }),
    );
    const reason =
      "The invalidator is invoked only by its SQS event source: a purge that keeps failing moves to the purge queue's own dead-letter queue (redrive after 10 receives, alarmed).";
    acknowledgeServerlessRule(this.handler, 'LambdaDLQ', reason);
    acknowledgeServerlessRule(this.handler, 'LambdaEventSourceMappingDestination', reason);
  }

  /**
   * Lets purges delete the kept copies of originals they cover (`keepOriginalCopy`), in a policy of its
   * own: list the bucket (under the purged prefixes) and delete, never read or write.
   */
  bindOriginalCopies(bucket: IBucket): void {
    this.bindCopiesBucket(
      bucket,
      ['s3:DeleteObject'],
      'A purge path covers copies by prefix, named at run time; the bucket holds nothing but kept copies.',
    );
  }

  /** Names the distribution to purge and allows creating and reading invalidations on it alone. */
  bindDistribution(distribution: IDistribution): void {
    this.handler.addEnvironment(ENV.distributionId, distribution.distributionId);
    distribution.grant(this.role, ...INVALIDATOR_CLOUDFRONT_ACTIONS);
  }
}
