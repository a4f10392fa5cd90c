import { invalid } from '../errors/image-error';

/**
 * Width every sequencer is left-padded to before it is stored. S3 sequencers are hex strings of
 * varying length (typically 16-18 digits); S3 documents that two sequencers for one key compare by
 * left-padding the shorter with zeros and comparing as strings. Storing them padded to one width lets
 * DynamoDB's string `<` in a condition expression do that comparison for us.
 */
export const SEQUENCER_WIDTH = 64;

const HEX = /^[0-9A-F]+$/;

/**
 * The canonical, comparable form of an S3 event sequencer: upper-case hex, left-padded with zeros to
 * {@link SEQUENCER_WIDTH}. Throws EINVALID for anything that is not a hex string of at most that width.
 */
export function normalizeSequencer(raw: string): string {
  const upper = raw.trim().toUpperCase();
  if (!HEX.test(upper) || upper.length > SEQUENCER_WIDTH) {
    throw invalid(`expected a hex sequencer of at most ${SEQUENCER_WIDTH} digits but received "${raw}"`);
  }
  return upper.padStart(SEQUENCER_WIDTH, '0');
}

/** Orders two sequencers of one key: negative when `a` happened first, 0 when they are the same event. */
export function compareSequencers(a: string, b: string): number {
  const left = normalizeSequencer(a);
  const right = normalizeSequencer(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The lowest possible sequencer: a baseline written for an object no event has described yet. */
export const BASELINE_SEQUENCER = normalizeSequencer('0');
