import type { DialectName } from '../names';
import { cloudinaryWriter } from './cloudinary';
import { imgixWriter } from './imgix';
import { thumborWriter } from './thumbor';
import type { DialectWriter } from './written';

export type { DialectWriter, WrittenUrl } from './written';

/** The dialects a writer turns canonical steps into; ImageKit's chain is the canonical text itself (`serializeChain`). */
export type ForeignDialect = Exclude<DialectName, 'imagekit'>;

const WRITERS: Readonly<Record<ForeignDialect, DialectWriter>> = {
  imgix: imgixWriter,
  thumbor: thumborWriter,
  cloudinary: cloudinaryWriter,
};

/**
 * The writer of a foreign dialect. Adding a dialect: its writer beside its parser, its row here, and
 * its rows in `writers.test.ts`, which read every written URL back with the dialect's parser.
 */
export const writerFor = (name: ForeignDialect): DialectWriter => WRITERS[name];
