import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { loadConfig } from '../../shared/config/config';
import { composeEdgeSync } from '../../shared/edge/compose-edge-sync';
import type { EdgeSyncResult } from '../../shared/edge/edge-store-sync';
import { SERVICE_NAME } from '../../shared/log/logger';
import { createTelemetry } from '../../shared/runtime/telemetry';

const { logger, tracer } = createTelemetry(SERVICE_NAME.edgeSync);
let sync: (() => Promise<EdgeSyncResult>) | undefined;

/**
 * The edge sync Lambda: any registry stream batch (endpoint items only, by the event source filter)
 * or the schedule (signing keys rotate without a registry write) brings the viewer function's
 * KeyValueStore up to date. The event's content is not needed: each run compares the whole store.
 * A failure throws, so the stream batch is retried.
 */
export const handler = middy<unknown, EdgeSyncResult>()
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async () => {
    sync ??= composeEdgeSync(loadConfig());
    const result = await sync();
    // Counts only: values may be signing keys.
    logger.info('edge store synced', { ...result });
    return result;
  });
