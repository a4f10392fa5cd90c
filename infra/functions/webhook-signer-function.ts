import { Duration, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SERVICE_NAME } from '../../shared/log/logger';
import { acknowledgeServerlessRule } from '../constructs/nag';
import { ImgfrontFunction, type ImgfrontFunctionProps } from './imgfront-function';
import { LAMBDA_BUNDLES } from './lambda-bundles';

/** One webhook as the signer needs it: where to POST, and the Secrets Manager name or ARN to sign with. */
export interface SignedWebhook {
  readonly url: string;
  readonly secret: string;
}

export interface WebhookSignerFunctionProps extends ImgfrontFunctionProps {
  /** Events that could not be delivered: from the rules (Lambda not invocable) and from Lambda's async retries. */
  readonly deadLetterQueue: IQueue;
  /** Retries EventBridge makes when it cannot invoke the function (throttled, unavailable). */
  readonly ruleRetryAttempts: number;
  /** How long EventBridge, and then Lambda's async queue, keep an event before dead-lettering it. */
  readonly maxEventAge: Duration;
}

/** Lambda's own retries of a failed asynchronous invocation (its maximum), each a new round of POSTs. */
export const SIGNER_ASYNC_RETRY_ATTEMPTS = 2;

/**
 * The webhook signer: EventBridge API destinations cannot sign a body, so every webhook rule invokes
 * this function, which POSTs the event signed with the webhook's secret (HMAC-SHA256 over
 * `<timestamp>.<body>`). One function serves every webhook of the stage; each rule passes its own
 * destination in the target input, and the role may read exactly the webhooks' secrets.
 */
export class WebhookSignerFunction extends ImgfrontFunction {
  private readonly props: WebhookSignerFunctionProps;

  constructor(scope: Construct, id: string, props: WebhookSignerFunctionProps) {
    super(scope, id, props, {
      bundle: LAMBDA_BUNDLES.webhookSigner,
      serviceName: SERVICE_NAME.webhookSigner,
      description: 'imgfront webhook signer: POSTs events signed with HMAC-SHA256 to webhook receivers',
      memorySize: 256,
      // Three POSTs of at most 5 s each with backoff, plus the secret read, fit well inside.
      timeout: Duration.seconds(30),
    });
    this.props = props;
    // An on-failure destination rather than a Lambda DLQ: its record keeps the error beside the input.
    this.handler.configureAsyncInvoke({
      retryAttempts: SIGNER_ASYNC_RETRY_ATTEMPTS,
      maxEventAge: props.maxEventAge,
      onFailure: new destinations.SqsDestination(props.deadLetterQueue),
    });
    acknowledgeServerlessRule(
      this.handler,
      'LambdaDLQ',
      'Failed asynchronous invocations go to the on-failure destination (the WebhookDeadLetters queue, alarmed), which keeps the error beside the input; a Lambda DLQ on the same queue would hold each failure twice.',
    );
  }

  /**
   * Makes `rule` deliver to `webhook` through this function: the target input carries the URL and the
   * secret's reference (never its value) beside the whole event, and the role may read that secret.
   */
  deliverTo(rule: events.Rule, webhook: SignedWebhook): void {
    const scope = new Construct(rule, 'Secret');
    const secret =
      !Token.isUnresolved(webhook.secret) && webhook.secret.startsWith('arn:')
        ? secretsmanager.Secret.fromSecretCompleteArn(scope, 'Ref', webhook.secret)
        : secretsmanager.Secret.fromSecretNameV2(scope, 'Ref', webhook.secret);
    secret.grantRead(this.role);
    rule.addTarget(
      new targets.LambdaFunction(this.handler, {
        event: events.RuleTargetInput.fromObject({
          webhook: { url: webhook.url, secret: webhook.secret },
          event: events.EventField.fromPath('$'),
        }),
        deadLetterQueue: this.props.deadLetterQueue,
        retryAttempts: this.props.ruleRetryAttempts,
        maxEventAge: this.props.maxEventAge,
      }),
    );
  }
}
