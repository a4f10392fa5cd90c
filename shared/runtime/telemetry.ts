import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { createLogger, SERVICE_NAME, type ServiceName } from '../log/logger';
import { createMetrics } from '../metrics/metrics';

/** One function's logger and metrics: the handler's middlewares and the composed code share them. */
export interface Telemetry {
  logger: Logger;
  metrics: Metrics;
}

/**
 * The function's telemetry. Transform metrics carry only the contract's dimensions (`Endpoint` and
 * `Format` or `ErrorCode`); the background functions' metrics keep Powertools' `service` dimension.
 */
export function createTelemetry(serviceName: ServiceName): Telemetry {
  const logger = createLogger(serviceName);
  const serviceDimension = serviceName !== SERVICE_NAME.transform;
  return { logger, metrics: createMetrics(serviceName, { serviceDimension, logger }) };
}
