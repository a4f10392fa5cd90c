import { encodeS3EventKey } from '../shared/versioning/s3-event-key';

interface EmulatorRecord {
  s3: { bucket?: { name?: string }; object: { key: string; sequencer?: string } };
}

/**
 * Makes s3rver's event records look like S3's: keys URL-encoded as S3 sends them (s3rver sends them
 * raw), and sequencers that grow with every write (s3rver uses the millisecond clock, so two writes in
 * one millisecond would tie and the second would be dropped as a duplicate).
 */
export function createS3EventAdapter(): (event: { Records: EmulatorRecord[] }) => {
  Records: EmulatorRecord[];
} {
  let sequence = BigInt(Date.now()) << 16n;
  return (event) => ({
    Records: event.Records.map((record) => {
      sequence += 1n;
      return {
        ...record,
        s3: {
          ...record.s3,
          object: {
            ...record.s3.object,
            key: encodeS3EventKey(record.s3.object.key),
            sequencer: sequence.toString(16).toUpperCase(),
          },
        },
      };
    }),
  });
}
