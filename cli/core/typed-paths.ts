import { ImageError } from '../../shared/errors/image-error';
import type { ImagePath } from '../../shared/origins/types';
import { endpointIdSchema } from '../../shared/registry/endpoint-schema';
import { parseImagePath } from '../../shared/url/path';
import { UsageError } from './usage-error';

/**
 * The segments of a path as a person types it (unencoded: `photos/blue shoe.jpg`), validated by the
 * same rules the service applies to URLs. Colons stay literal so `https://host/a.jpg` keeps its
 * web-proxy form.
 */
export function segmentsFromText(text: string): string[] {
  return text
    .replace(/^\/+/, '')
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%3A/gi, ':'));
}

/** A typed file path as the service would see it; a path it would refuse is a usage error. */
export function imagePathFromText(text: string, argument: string): ImagePath {
  try {
    return parseImagePath(segmentsFromText(text));
  } catch (error) {
    if (error instanceof ImageError) throw new UsageError(`${argument} "${text}": ${error.message}`);
    throw error;
  }
}

/** `<endpoint>/<path>` split into a valid endpoint id and the file path inside it. */
export function splitEndpointPath(text: string, argument: string): { endpointId: string; path: ImagePath } {
  const trimmed = text.replace(/^\/+/, '');
  const slash = trimmed.indexOf('/');
  const endpointId = slash === -1 ? trimmed : trimmed.slice(0, slash);
  if (slash === -1 || !endpointIdSchema.safeParse(endpointId).success) {
    throw new UsageError(`expected <endpoint>/<path> for ${argument} but received "${text}"`);
  }
  return { endpointId, path: imagePathFromText(trimmed.slice(slash + 1), argument) };
}
