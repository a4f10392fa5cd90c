import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { INVALIDATOR_TIMEOUT } from '../functions/invalidator-function';
import { acknowledgeServerlessRule } from './nag';

/** A dead-letter queue: the end of the line, watched by an alarm, so it has no redrive of its own. */
export function createDeadLetterQueue(scope: Construct, id: string): sqs.Queue {
  const queue = new sqs.Queue(scope, id, { ...QUEUE_DEFAULTS, retentionPeriod: Duration.days(14) });
  acknowledgeServerlessRule(
    queue,
    'SQSRedrivePolicy',
    'This is a dead-letter queue: messages rest here for 14 days under a depth alarm until an operator redrives them.',
  );
  return queue;
}

/** Encrypted, TLS-only queue settings every imgfront queue shares. */
export const QUEUE_DEFAULTS: sqs.QueueProps = {
  encryption: sqs.QueueEncryption.SQS_MANAGED,
  enforceSSL: true,
  removalPolicy: RemovalPolicy.DESTROY,
};

/** Purge requests that failed this many times move to the dead-letter queue (and raise an alarm). */
export const PURGE_MAX_RECEIVE_COUNT = 10;

/** The purge queue the version writer (and the operator CLI) fill and the invalidator drains, plus its DLQ. */
export class PurgeQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.deadLetterQueue = createDeadLetterQueue(this, 'DeadLetters');
    this.queue = new sqs.Queue(this, 'Queue', {
      ...QUEUE_DEFAULTS,
      // Six times the consumer's timeout, as Lambda recommends for SQS event sources.
      visibilityTimeout: Duration.seconds(INVALIDATOR_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: PURGE_MAX_RECEIVE_COUNT },
    });
  }
}
