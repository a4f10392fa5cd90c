import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { createLogger, SERVICE_NAME, type ServiceName } from '../log/logger';
import { createMetrics } from '../metrics/metrics';

/** One function's logger, metrics and tracer: the handler's middlewares and the composed code share them. */
export interface Telemetry {
  logger: Logger;
  metrics: Metrics;
  /** Off unless `POWERTOOLS_TRACE_ENABLED` is `true` (the stage's `tracing`) and it runs in Lambda. */
  tracer: Tracer;
}

/**
 * The function's telemetry. Transform metrics carry only the contract's dimensions (`Endpoint` and
 * `Format` or `ErrorCode`); the background functions' metrics keep Powertools' `service` dimension.
 */
export function createTelemetry(serviceName: ServiceName): Telemetry {
  const logger = createLogger(serviceName);
  const serviceDimension = serviceName !== SERVICE_NAME.transform;
  return {
    logger,
    metrics: createMetrics(serviceName, { serviceDimension, logger }),
    tracer: new Tracer({ serviceName }),
  };
}
