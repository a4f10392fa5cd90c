import { Duration } from 'aws-cdk-lib';
import type { IDistribution } from 'aws-cdk-lib/aws-cloudfront';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENV } from '../../shared/config/env-names';
import { SERVICE_NAME } from '../../shared/log/logger';
import { ImgfrontFunction, type ImgfrontFunctionProps } from './imgfront-function';

/** Reads, writes and updates purge records (`shared/purge/purge-records.ts`). */
export const INVALIDATOR_REGISTRY_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:GetItem',
  'dynamodb:UpdateItem',
] as const;
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
      entry: 'lambdas/invalidator/handler.ts',
      serviceName: SERVICE_NAME.invalidator,
      description: 'imgfront invalidator: purges every cached transformation of changed originals',
      memorySize: 256,
      timeout: INVALIDATOR_TIMEOUT,
    });
  }

  /** Records purge status in the registry. */
  bindRegistry(table: ITable): void {
    this.bindRegistryTable(table, INVALIDATOR_REGISTRY_ACTIONS);
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
  }

  /** Names the distribution to purge and allows creating and reading invalidations on it alone. */
  bindDistribution(distribution: IDistribution): void {
    this.handler.addEnvironment(ENV.distributionId, distribution.distributionId);
    distribution.grant(this.role, ...INVALIDATOR_CLOUDFRONT_ACTIONS);
  }
}
