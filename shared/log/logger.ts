import { Logger } from '@aws-lambda-powertools/logger';

/** Each function's `service` in its log lines and `POWERTOOLS_SERVICE_NAME` (infra sets the same). */
export const SERVICE_NAME = {
  transform: 'imgfront-transform',
  versionWriter: 'imgfront-version-writer',
  invalidator: 'imgfront-invalidator',
  webhookSigner: 'imgfront-webhook-signer',
  edgeSync: 'imgfront-edge-sync',
} as const;
export type ServiceName = (typeof SERVICE_NAME)[keyof typeof SERVICE_NAME];

/**
 * A Powertools logger: one JSON object per line on stdout, level and message first so a terminal
 * (`npm start`) stays readable. Powertools reads `POWERTOOLS_LOG_LEVEL` (default INFO) and
 * `POWERTOOLS_LOGGER_SAMPLE_RATE` (the share of invocations logged at DEBUG) itself.
 */
export const createLogger = (serviceName: ServiceName): Logger =>
  new Logger({ serviceName, logRecordOrder: ['level', 'message', 'timestamp'] });
