import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { loadConfig } from '../../shared/config/config';
import { toImageError } from '../../shared/errors/image-error';
import { createWebhookDelivery, type DeliveryReport } from '../../shared/events/webhook-delivery';
import { createWebhookSigner, type WebhookSigner } from '../../shared/events/webhook-signer';
import { SERVICE_NAME } from '../../shared/log/logger';
import { createTelemetry } from '../../shared/runtime/telemetry';
import { createAwsSecretResolver } from '../../shared/secrets/aws-secret-resolver';

/** Time kept back from the Lambda timeout so the last failure is reported, not cut off. */
const RESERVED_MS = 2000;

const { logger, tracer } = createTelemetry(SERVICE_NAME.webhookSigner);
let sign: WebhookSigner | undefined;

function compose(): WebhookSigner {
  const config = loadConfig();
  return createWebhookSigner({
    // Cached per secret for 5 minutes in the warm function; only Secrets Manager references reach it.
    secrets: createAwsSecretResolver({
      ssm: new SSMClient({}),
      secretsManager: new SecretsManagerClient({}),
    }),
    delivery: createWebhookDelivery({ allowPrivateHosts: config.allowPrivateHosts }),
  });
}

/**
 * The webhook signer: each EventBridge webhook rule invokes it (asynchronously) with
 * `{ webhook: { url, secret }, event }`. It POSTs the event signed with the webhook's secret, retrying
 * 5xx, 429 and network failures a few times; a failure that persists throws, so Lambda's async retries
 * and then the webhook dead-letter queue take over.
 */
export const handler = middy<unknown, DeliveryReport & { url: string }>()
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (input, context) => {
    sign ??= compose();
    try {
      const report = await sign(input, Date.now() + context.getRemainingTimeInMillis() - RESERVED_MS);
      logger.info('webhook delivered', { ...report });
      return report;
    } catch (error) {
      // The thrown error carries only the public message; the log gets the detail (never the secret).
      const { code, internal } = toImageError(error);
      logger.error('webhook not delivered', { code, internal });
      throw error;
    }
  });
