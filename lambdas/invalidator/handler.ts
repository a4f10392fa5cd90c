import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { loadConfig } from '../../shared/config/config';
import { eventLogTo } from '../../shared/log/event-log';
import { SERVICE_NAME } from '../../shared/log/logger';
import { composeInvalidator, type ComposedInvalidator } from '../../shared/purge/compose-invalidator';
import { CHECK_PURGES_EVENT } from '../../shared/purge/purge-status';
import type { PurgeOutcome } from '../../shared/purge/submit-purges';
import { createTelemetry } from '../../shared/runtime/telemetry';

/** Time kept back from the Lambda timeout for recording results after the last backoff. */
const RESERVED_MS = 5000;

const { logger, metrics, tracer } = createTelemetry(SERVICE_NAME.invalidator);
let composed: ComposedInvalidator | undefined;

const isQueueEvent = (event: unknown): event is SQSEvent =>
  typeof event === 'object' && event !== null && Array.isArray((event as { Records?: unknown }).Records);
const isCheckEvent = (event: Record<string, unknown>): boolean =>
  event.checkPurges === CHECK_PURGES_EVENT.checkPurges;

/**
 * The invalidation Lambda. From the purge queue it answers with partial batch failures (enable
 * `ReportBatchItemFailures` on the event source); invoked directly with `{ paths: [...] }` it purges
 * now and answers `{ purgeId, invalidationId, status }`; on its schedule (`{ checkPurges: true }`) it
 * refreshes the purges in progress and answers `{ checked, completed }`.
 */
export const handler = middy<
  SQSEvent | Record<string, unknown>,
  SQSBatchResponse | PurgeOutcome | { checked: number; completed: number }
>()
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .handler((event, context) => {
    composed ??= composeInvalidator(loadConfig(), { log: eventLogTo(logger), metrics });
    const deadlineAt = Date.now() + context.getRemainingTimeInMillis() - RESERVED_MS;
    if (isQueueEvent(event)) return composed.invalidator.handleQueueBatch(event, deadlineAt);
    if (isCheckEvent(event)) return composed.checkPurgesInProgress();
    return composed.invalidator.purgeNow(event, deadlineAt);
  });
