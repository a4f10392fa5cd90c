import type { ImgfrontEvent } from './event-types';

/**
 * Where imgfront's events go: an EventBridge bus in AWS, an HTTP receiver locally. `publish` never
 * rejects: an event that cannot be delivered is logged, so publishing can never fail a request, a
 * version write or a purge.
 */
export interface EventPublisher {
  publish(events: readonly ImgfrontEvent[]): Promise<void>;
}

/** Publishes nothing: the default where no bus or receiver is configured. */
export const noEventPublisher: EventPublisher = { publish: async () => undefined };
