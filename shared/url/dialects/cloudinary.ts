import { invalid } from '../../errors/image-error';
import { parseImagePath } from '../path';
import { splitExtension } from '../seo-path';
import type { ImagePath } from '../../origins/types';
import type { RequestedFormat, TransformStep } from '../transform-spec';
import { unsupported } from './canonical';
import { isTransformationSegment, parseComponents } from './cloudinary-params';
import type { Dialect, DialectInput, DialectRequest } from './dialect';

const SIGNATURE = /^s--([A-Za-z0-9_-]{8}|[A-Za-z0-9_-]{32})--$/;
const VERSION = /^v(\d{1,20})$/;
const MAX_STEPS = 10;

/** URL extensions that name an output format: Cloudinary converts to the extension's format. */
export const EXTENSION_FORMATS: Readonly<Record<string, RequestedFormat>> = {
  jpg: 'jpeg',
  jpeg: 'jpeg',
  jpe: 'jpeg',
  png: 'png',
  webp: 'webp',
  avif: 'avif',
  gif: 'gif',
};

/**
 * Extensions a stored original of a public id may have, tried in this order when the URL's own file is
 * missing: Cloudinary's public id names no stored format, but files in S3 carry theirs.
 */
export const STORED_EXTENSIONS = [
  'jpg',
  'jpeg',
  'png',
  'webp',
  'avif',
  'gif',
  'heic',
  'heif',
  'svg',
] as const;

/**
 * An uploaded public id's stored files: the URL's own name first, then the same name with each stored
 * extension (an extension-less URL included), so `wide.png` finds `wide.jpg` and converts it.
 */
function storedCandidates(path: ImagePath): { format: RequestedFormat; alternatePaths: ImagePath[] } {
  const folders = path.segments.slice(0, -1);
  const { base, extension: given } = splitExtension(path.segments.at(-1) ?? '');
  const extension = given?.toLowerCase();
  const alternatePaths = STORED_EXTENSIONS.filter((stored) => stored !== extension).map((stored) => ({
    segments: [...folders, `${base}.${stored}`],
  }));
  const format = extension === undefined ? undefined : EXTENSION_FORMATS[extension];
  return { format: format ?? 'orig', alternatePaths };
}

/** What Cloudinary's SDKs sign: the text decoded until it stops changing (at most 10 times). */
function decodedAsSigned(text: string): string {
  let decoded = text;
  try {
    for (let round = 0; round < 10 && decoded !== decodeURIComponent(decoded); round += 1)
      decoded = decodeURIComponent(decoded);
  } catch {
    // The SDK stops at the first text that is not valid percent-encoding; so do we.
  }
  return decoded;
}

function rawSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw invalid('The transformation is not valid percent-encoding');
  }
}

/** One segment as a step; `t_<name>` becomes the canonical named step, expanded after resolution. */
function namedStep(text: string): TransformStep {
  const { step, named } = parseComponents(text);
  if (named === undefined) return step;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(named))
    throw invalid(`Not a named transformation: "t_${named.slice(0, 40)}"`);
  return { ...step, named };
}

/** A stored named transformation, written as Cloudinary URLs write it: `c_fill,w_200/e_grayscale`. */
function parseNamed(text: string): TransformStep[] {
  const steps = text.split('/').map(namedStep);
  if (steps.some((step) => step.named !== undefined))
    throw invalid('A named transformation cannot use another (t_) itself');
  if (steps.length > MAX_STEPS) throw invalid(`A transformation may chain at most ${MAX_STEPS} steps`);
  return steps;
}

/**
 * Cloudinary URLs: `/<endpoint>/<cloud name>/image/<upload|fetch>/[s--<sig>--/]<transformations>/
 * [v<version>/]<public id>.<ext>`. Each transformation segment is one step; the public id with its
 * extension is the file path inside the endpoint (`fetch`: an absolute URL for the web-proxy origin).
 */
function parse({ rawPath }: DialectInput): DialectRequest {
  const segments = rawPath.slice(1).split('/');
  const [cloudName, resourceType, deliveryType] = segments;
  if (cloudName === undefined || !/^[A-Za-z0-9_-]{1,128}$/.test(cloudName))
    throw invalid('A Cloudinary URL starts with the cloud name');
  if (resourceType !== 'image')
    throw unsupported('Cloudinary', `resource type ${(resourceType ?? '').slice(0, 16)}`);
  if (deliveryType !== 'upload' && deliveryType !== 'fetch')
    throw unsupported('Cloudinary', `delivery type ${(deliveryType ?? '').slice(0, 16)}`);
  let index = 3;
  const signatureValue = SIGNATURE.exec(segments[index] ?? '')?.[1];
  if (signatureValue !== undefined) index += 1;
  const signedFrom = index;
  const steps: TransformStep[] = [];
  while (index < segments.length - 1 && isTransformationSegment(rawSegment(segments[index] ?? ''))) {
    const step = namedStep(rawSegment(segments[index] ?? ''));
    if (Object.keys(step).length > 0) steps.push(step);
    index += 1;
  }
  if (steps.length > MAX_STEPS) throw invalid(`A transformation may chain at most ${MAX_STEPS} steps`);
  const versionIndex = VERSION.test(segments[index] ?? '') && index < segments.length - 1 ? index : undefined;
  const version = versionIndex === undefined ? undefined : VERSION.exec(segments[versionIndex] ?? '')?.[1];
  const path = parseImagePath(segments.slice(versionIndex === undefined ? index : index + 1));
  // Cloudinary delivers the format the extension names (`f_` wins); a fetched URL keeps its own.
  const stored = deliveryType === 'upload' ? storedCandidates(path) : undefined;
  const last = steps.at(-1);
  const format = stored?.format ?? 'orig';
  if (last === undefined) steps.push({ format });
  else last.format ??= format;
  const signed = segments
    .slice(signedFrom)
    .filter((_segment, position) => position + signedFrom !== versionIndex);
  return {
    path,
    alternatePaths: stored?.alternatePaths,
    steps,
    version,
    signature:
      signatureValue === undefined
        ? undefined
        : { value: signatureValue, expiresAt: undefined, message: decodedAsSigned(signed.join('/')) },
  };
}

export const cloudinaryDialect: Dialect = { name: 'cloudinary', parse, parseNamed };
