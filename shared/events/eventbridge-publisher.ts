import {
  PutEventsCommand,
  type EventBridgeClient,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { EventLog } from '../log/event-log';
import type { EventPublisher } from './event-publisher';
import { EVENT_SOURCE, type ImgfrontEvent } from './event-types';

/** PutEvents takes at most this many entries per call. */
export const MAX_ENTRIES_PER_PUT = 10;

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * Publishes to an EventBridge bus with PutEvents, ten entries a call. A rejected call or entry is
 * logged with its error code and dropped: events report what happened, they never decide it.
 */
export function createEventBridgePublisher(options: {
  client: EventBridgeClient;
  eventBusName: string;
  log: EventLog;
}): EventPublisher {
  const { client, eventBusName, log } = options;
  const entryOf = (event: ImgfrontEvent): PutEventsRequestEntry => ({
    EventBusName: eventBusName,
    Source: EVENT_SOURCE,
    DetailType: event.detailType,
    Detail: JSON.stringify(event.detail),
  });

  async function put(batch: readonly ImgfrontEvent[]): Promise<void> {
    try {
      const { FailedEntryCount = 0, Entries = [] } = await client.send(
        new PutEventsCommand({ Entries: batch.map(entryOf) }),
      );
      if (FailedEntryCount === 0) return;
      const failed = Entries.flatMap((entry, i) =>
        entry.ErrorCode ? [{ detailType: batch[i]?.detailType, errorCode: entry.ErrorCode }] : [],
      );
      log('error', 'events not published', { eventBusName, failed });
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      log('error', 'events not published', { eventBusName, events: batch.length, error: name });
    }
  }

  return {
    publish: async (events) => {
      await Promise.all(chunks(events, MAX_ENTRIES_PER_PUT).map(put));
    },
  };
}
