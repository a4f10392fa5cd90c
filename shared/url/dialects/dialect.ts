import type { ImagePath } from '../../origins/types';
import type { SignatureParams } from '../image-request';
import type { TransformStep } from '../transform-spec';
import type { DialectName } from './names';

/** The part of a request a dialect reads: everything after the endpoint segment, still raw. */
export interface DialectInput {
  /** The endpoint id as it appeared in the path; `undefined` when the default endpoint serves the whole path. */
  endpointSegment: string | undefined;
  /** Still percent-encoded path after the endpoint segment, starting with `/`. */
  rawPath: string;
  rawQueryString: string;
}

/** What every dialect produces: the canonical request, whichever vendor's URL it came from. */
export interface DialectRequest {
  /** The file path inside the endpoint, decoded once and validated. */
  path: ImagePath;
  /**
   * Other stored files holding the same image, tried in order when `path` is missing (a Cloudinary
   * public id names no stored extension). @default none
   */
  alternatePaths?: readonly ImagePath[];
  steps: TransformStep[];
  version: string | undefined;
  signature: SignatureParams | undefined;
  /**
   * Set when the URL asks for a download (ImageKit's `ik-attachment=true`): the file name, without
   * extension, to save it under (the `ik-seo` name, else the stored file's). @default sent inline
   */
  attachmentName?: string;
}

/**
 * One vendor's URL grammar. Adding a dialect: a module here implementing this, its name in
 * `names.ts`, its row in `index.ts`; nothing downstream changes.
 */
export interface Dialect {
  readonly name: DialectName;
  parse(input: DialectInput): DialectRequest;
  /**
   * A stored named transformation in this dialect's own syntax (Cloudinary's `t_<name>` chains are
   * written like its URLs). @default ImageKit's chain syntax
   */
  parseNamed?(text: string): TransformStep[];
}
