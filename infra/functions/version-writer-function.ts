import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { ENV } from '../../shared/config/env-names';
import { SERVICE_NAME } from '../../shared/log/logger';
import { TABLE_KEYS } from '../../shared/registry/table-keys';
import { LAMBDA_BUNDLES } from './lambda-bundles';
import { ImgfrontFunction, type ImgfrontFunctionProps } from './imgfront-function';

/** Reads and conditionally writes object versions (`shared/versioning/version-store.ts`). */
export const VERSION_WRITER_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
] as const;
/** Lists endpoints, to find those whose origins name the changed bucket (`shared/registry/list-endpoints.ts`). */
export const VERSION_WRITER_INDEX_ACTIONS = ['dynamodb:Query'] as const;

export interface VersionWriterFunctionProps extends ImgfrontFunctionProps {
  /** Receives object events the function failed on (EventBridge delivery and Lambda retries alike). */
  readonly deadLetterQueue: IQueue;
}

/**
 * The version writer: records each object's newest version when an origin bucket changes and
 * queues a purge. Object events arrive through EventBridge, so subscribing an existing bucket never
 * overwrites its S3 notification configuration.
 */
export class VersionWriterFunction extends ImgfrontFunction {
  private readonly deadLetterQueue: IQueue;
  private rule: events.Rule | undefined;

  constructor(scope: Construct, id: string, props: VersionWriterFunctionProps) {
    super(scope, id, props, {
      bundle: LAMBDA_BUNDLES.versionWriter,
      serviceName: SERVICE_NAME.versionWriter,
      description: 'imgfront version writer: records object versions and queues purges',
      memorySize: 256,
      timeout: Duration.seconds(30),
      deadLetterQueue: props.deadLetterQueue,
    });
    this.deadLetterQueue = props.deadLetterQueue;
  }

  /** Writes object versions to the registry and lists endpoints through its index. */
  bindRegistry(table: ITable): void {
    this.bindRegistryTable(table, VERSION_WRITER_TABLE_ACTIONS);
    // No CDK attribute names one index's ARN; this scopes Query to gsi1 instead of `index/*`.
    iam.Grant.addToPrincipal({
      grantee: this.role,
      actions: [...VERSION_WRITER_INDEX_ACTIONS],
      resourceArns: [`${table.tableArn}/index/${TABLE_KEYS.listIndexName}`],
    });
  }

  /** Sends purge requests to the queue the invalidator consumes. */
  bindPurgeQueue(queue: IQueue): void {
    this.handler.addEnvironment(ENV.purgeQueueUrl, queue.queueUrl);
    queue.grantSendMessages(this.role);
  }

  /**
   * Subscribes to "Object Created" / "Object Deleted" events of `bucket`. The bucket must send
   * events to EventBridge (`eventBridgeEnabled` for buckets this stack creates; a one-time setting
   * for imported ones).
   */
  watchBucket(bucket: IBucket): void {
    this.rule ??= this.createRule();
    this.rule.addEventPattern({ detail: { bucket: { name: [bucket.bucketName] } } });
  }

  // Created with the first bucket: a rule without a bucket filter would match every bucket.
  private createRule(): events.Rule {
    const rule = new events.Rule(this, 'ObjectEvents', {
      description: 'S3 object changes in imgfront origin buckets',
      eventPattern: { source: ['aws.s3'], detailType: ['Object Created', 'Object Deleted'] },
    });
    rule.addTarget(
      new targets.LambdaFunction(this.handler, {
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 8,
        maxEventAge: Duration.hours(6),
      }),
    );
    return rule;
  }
}
