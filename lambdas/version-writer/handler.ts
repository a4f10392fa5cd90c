import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import { loadConfig } from '../../shared/config/config';
import { eventLogTo } from '../../shared/log/event-log';
import { SERVICE_NAME } from '../../shared/log/logger';
import { createTelemetry } from '../../shared/runtime/telemetry';
import { composeVersionWriter } from '../../shared/versioning/compose-version-writer';
import type { VersionWriter, VersionWriteReport } from '../../shared/versioning/version-writer';

const { logger, metrics, tracer } = createTelemetry(SERVICE_NAME.versionWriter);
let writeVersions: VersionWriter | undefined;

/**
 * The version writer Lambda: S3 event notifications (`{ Records: [...] }`) and EventBridge
 * `Object Created` / `Object Deleted` events. Throws when recording or enqueueing fails so Lambda's
 * retries (and its on-failure destination) take over; late and repeated events are no-ops.
 */
export const handler = middy<unknown, VersionWriteReport>()
  .use(captureLambdaHandler(tracer))
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics))
  .handler((event) => {
    writeVersions ??= composeVersionWriter(loadConfig(), { log: eventLogTo(logger), metrics });
    return writeVersions(event);
  });
