import { z } from 'zod';
import { ImageError, invalid } from '../errors/image-error';
import { decodeS3EventKey } from './s3-event-key';
import { normalizeSequencer } from './sequencer';

/** One change to one object, whichever way S3 delivered it. */
export interface ObjectEvent {
  kind: 'created' | 'deleted';
  bucket: string;
  /** The real (decoded) object key. */
  key: string;
  /** Normalized (padded) sequencer; orders events of one key. */
  sequencer: string;
  /** When S3 processed the request, in ms since the epoch. */
  eventTimeMs: number;
  etag?: string;
  size?: number;
}

/** Events found in a Lambda payload, plus a reason for every record that could not be used. */
export interface ParsedObjectEvents {
  events: ObjectEvent[];
  rejected: string[];
}

const notificationRecordSchema = z.object({
  eventName: z.string(),
  eventTime: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({
      key: z.string().min(1),
      size: z.number().int().nonnegative().optional(),
      eTag: z.string().optional(),
      // s3rver emits numbers-as-hex strings; real S3 always sends a string.
      sequencer: z.union([z.string(), z.number()]).optional(),
    }),
  }),
});

const eventBridgeSchema = z.object({
  source: z.literal('aws.s3'),
  'detail-type': z.string(),
  time: z.string(),
  detail: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({
      key: z.string().min(1),
      size: z.number().int().nonnegative().optional(),
      etag: z.string().optional(),
      sequencer: z.string().optional(),
    }),
  }),
});

/** S3 notification event names (`ObjectCreated:Put`, `LifecycleExpiration:Delete`, ...) by family. */
function kindOfEventName(eventName: string): ObjectEvent['kind'] | undefined {
  const family = eventName.replace(/^s3:/, '').split(':')[0];
  if (family === 'ObjectCreated') return 'created';
  if (family === 'ObjectRemoved' || family === 'LifecycleExpiration') return 'deleted';
  return undefined;
}

const EVENT_BRIDGE_KINDS: Record<string, ObjectEvent['kind']> = {
  'Object Created': 'created',
  'Object Deleted': 'deleted',
};

function toEvent(fields: {
  kind: ObjectEvent['kind'];
  bucket: string;
  encodedKey: string;
  sequencer: string | number | undefined;
  time: string;
  etag: string | undefined;
  size: number | undefined;
}): ObjectEvent {
  if (fields.sequencer === undefined) {
    throw invalid('event has no sequencer, so it cannot be ordered');
  }
  const eventTimeMs = Date.parse(fields.time);
  if (!Number.isFinite(eventTimeMs)) throw invalid(`event time "${fields.time}" is not a date`);
  const event: ObjectEvent = {
    kind: fields.kind,
    bucket: fields.bucket,
    key: decodeS3EventKey(fields.encodedKey),
    sequencer: normalizeSequencer(String(fields.sequencer)),
    eventTimeMs,
  };
  // A delete carries no content; an S3 ETag is quoted in some feeds and bare in others.
  if (fields.kind === 'created' && fields.etag !== undefined) event.etag = fields.etag.replace(/"/g, '');
  if (fields.kind === 'created' && fields.size !== undefined) event.size = fields.size;
  return event;
}

function describe(error: unknown): string {
  if (error instanceof ImageError) return error.message;
  if (error instanceof z.ZodError)
    return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  return String(error);
}

function parseNotificationRecord(record: unknown): ObjectEvent | undefined {
  const parsed = notificationRecordSchema.parse(record);
  const kind = kindOfEventName(parsed.eventName);
  if (kind === undefined) return undefined;
  const { bucket, object } = parsed.s3;
  return toEvent({
    kind,
    bucket: bucket.name,
    encodedKey: object.key,
    sequencer: object.sequencer,
    time: parsed.eventTime,
    etag: object.eTag,
    size: object.size,
  });
}

function parseEventBridgeEvent(input: unknown): ObjectEvent | undefined {
  const parsed = eventBridgeSchema.parse(input);
  const kind = EVENT_BRIDGE_KINDS[parsed['detail-type']];
  if (kind === undefined) return undefined;
  const { bucket, object } = parsed.detail;
  // EventBridge keys are URL-encoded like notification keys; one decoder serves both.
  return toEvent({
    kind,
    bucket: bucket.name,
    encodedKey: object.key,
    sequencer: object.sequencer,
    time: parsed.time,
    etag: object.etag,
    size: object.size,
  });
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * Reads an S3 notification payload (`{ Records: [...] }`, as S3 invokes Lambda) or an EventBridge
 * `Object Created` / `Object Deleted` event. Event types other than create/delete (restores, tagging,
 * the `s3:TestEvent` S3 sends when notifications are configured) are ignored; malformed records are
 * rejected with a reason instead of failing the whole payload.
 */
export function parseObjectEvents(input: unknown): ParsedObjectEvents {
  const result: ParsedObjectEvents = { events: [], rejected: [] };
  const attempt = (parse: () => ObjectEvent | undefined, where: string) => {
    try {
      const event = parse();
      if (event) result.events.push(event);
    } catch (error) {
      result.rejected.push(`${where}: ${describe(error)}`);
    }
  };
  if (isObject(input) && Array.isArray(input.Records)) {
    input.Records.forEach((record, index) =>
      attempt(() => parseNotificationRecord(record), `Records[${index}]`),
    );
  } else if (isObject(input) && input.source === 'aws.s3') {
    attempt(() => parseEventBridgeEvent(input), 'EventBridge event');
  } else if (!(isObject(input) && input.Event === 's3:TestEvent')) {
    result.rejected.push('payload is neither an S3 notification nor an EventBridge S3 event');
  }
  return result;
}
