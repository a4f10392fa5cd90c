import { loadConfig } from '../../shared/config/config';
import { SERVICE_NAME } from '../../shared/log/logger';
import { createTelemetry } from '../../shared/runtime/telemetry';
import { composeImageService } from '../../shared/service/compose';
import { createBufferedHandler, createStreamingHandler } from './create-handler';

/**
 * Lambda's Node runtime defines `awslambda.streamifyResponse` for response streaming (Powertools
 * defines an empty `awslambda` object anywhere, so the function itself is what tells).
 */
const inLambda =
  typeof (globalThis as { awslambda?: { streamifyResponse?: unknown } }).awslambda?.streamifyResponse ===
  'function';
const telemetry = createTelemetry(SERVICE_NAME.transform);
const service = composeImageService(loadConfig(), { telemetry });

/** The transform Lambda behind the CloudFront-only function URL. */
export const handler = inLambda
  ? createStreamingHandler(service, telemetry)
  : createBufferedHandler(service, telemetry);
