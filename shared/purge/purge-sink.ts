import type { PurgeMessage } from './purge-message';

/**
 * Where purge requests go: the SQS purge queue in AWS, an in-process queue in the local stack. A sink
 * resolves only once every message is accepted, and throws a (transient) ImageError otherwise, so the
 * caller can retry the event that produced them.
 */
export interface PurgeSink {
  send(messages: readonly PurgeMessage[]): Promise<void>;
}
