import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/emulators';
import type { EventLogLevel } from '../log/event-log';
import { createEventBridgePublisher } from './eventbridge-publisher';
import { EVENT_TYPES, type ImgfrontEvent } from './event-types';
import { startEventBridgeStub, type EventBridgeStub } from './testing/eventbridge-stub';

let bus: EventBridgeStub;
let logged: { level: EventLogLevel; message: string; fields?: Record<string, unknown> }[];

beforeAll(async () => {
  bus = await startEventBridgeStub();
});
afterAll(() => bus.close());
beforeEach(() => {
  logged = [];
});

const publisherAt = (endpoint: string) =>
  createEventBridgePublisher({
    client: new EventBridgeClient({
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      endpoint,
      maxAttempts: 1,
    }),
    eventBusName: 'imgfront-test',
    log: (level, message, fields) => logged.push({ level, message, fields }),
  });

const purgeRequested = (n: number): ImgfrontEvent => ({
  detailType: EVENT_TYPES.purgeRequested,
  detail: {
    purgeId: `purge-${n}`,
    paths: [`/demo/${n}.jpg*`],
    distributionId: 'E123',
    invalidationId: 'I1',
    requestedAt: 1_700_000_000_000,
    submittedAt: 1_700_000_001_000,
  },
});

describe('the EventBridge publisher', () => {
  it('puts every event on the bus, ten entries a call, with source "imgfront" and the detail as JSON', async () => {
    const before = bus.calls.length;
    await publisherAt(bus.endpoint).publish(Array.from({ length: 23 }, (_, n) => purgeRequested(n)));

    expect(bus.calls.slice(before)).toEqual([10, 10, 3]);
    expect(bus.entries.at(-1)).toEqual({
      EventBusName: 'imgfront-test',
      Source: 'imgfront',
      DetailType: 'Purge Requested',
      Detail: JSON.stringify(purgeRequested(22).detail),
    });
    expect(logged).toEqual([]);
  });

  it('logs entries the bus rejects and resolves anyway', async () => {
    bus.failNextEntries(1);
    await expect(
      publisherAt(bus.endpoint).publish([purgeRequested(1), purgeRequested(2)]),
    ).resolves.toBeUndefined();

    expect(logged).toEqual([
      {
        level: 'error',
        message: 'events not published',
        fields: {
          eventBusName: 'imgfront-test',
          failed: [{ detailType: 'Purge Requested', errorCode: 'InternalFailure' }],
        },
      },
    ]);
  });

  it('logs an unreachable bus and resolves anyway', async () => {
    await expect(publisherAt('http://127.0.0.1:9').publish([purgeRequested(1)])).resolves.toBeUndefined();
    expect(logged).toMatchObject([
      { level: 'error', message: 'events not published', fields: { events: 1 } },
    ]);
  });
});
