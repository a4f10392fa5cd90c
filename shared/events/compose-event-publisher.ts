import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { AwsClientDefaults } from '../aws/client-defaults';
import type { ServiceConfig } from '../config/config';
import { eventLogTo, type EventLog } from '../log/event-log';
import { createLogger, type ServiceName } from '../log/logger';
import { noEventPublisher, type EventPublisher } from './event-publisher';
import { createEventBridgePublisher } from './eventbridge-publisher';
import { createHttpEventPublisher } from './http-event-publisher';

/**
 * The publisher the configuration names: the stage's bus, a local HTTP receiver, or none. Shared by
 * every composition root so the Lambdas and `npm start` publish the same way.
 */
export function composeEventPublisher(
  config: ServiceConfig,
  options: {
    /** Whose log lines a failed delivery goes to when no `log` is given. */
    service: ServiceName;
    clientDefaults?: AwsClientDefaults;
    log?: EventLog;
  },
): EventPublisher {
  const { events } = config;
  const log = options.log ?? eventLogTo(createLogger(options.service));
  if (events === undefined) return noEventPublisher;
  if ('busName' in events) {
    // One quick retry: a slow bus must not hold a request or a purge for long.
    const client = new EventBridgeClient({ ...options.clientDefaults, maxAttempts: 2 });
    return createEventBridgePublisher({ client, eventBusName: events.busName, log });
  }
  return createHttpEventPublisher({
    url: events.url,
    secret: events.secret,
    log,
    region: options.clientDefaults?.region,
  });
}
