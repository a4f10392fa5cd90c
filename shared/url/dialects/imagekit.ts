import { parseImageKitUrl } from '../imagekit-dialect';
import { splitExtension } from '../seo-path';
import { rawQueryWithout } from './raw-query';
import type { Dialect, DialectInput, DialectRequest } from './dialect';

/**
 * ImageKit URLs (`/<endpoint>/tr:<chain>/<path>`, `?tr=`). ImageKit's grammar counts `tr:` positions
 * from the start of the URL, so the endpoint segment is put back for parsing and dropped after.
 */
function parse({ endpointSegment, rawPath, rawQueryString }: DialectInput): DialectRequest {
  const full = endpointSegment === undefined ? rawPath : `/${endpointSegment}${rawPath}`;
  const parsed = parseImageKitUrl({ rawPath: full, rawQueryString });
  const segments = endpointSegment === undefined ? parsed.path.segments : parsed.path.segments.slice(1);
  const signature = parsed.signature && {
    ...parsed.signature,
    // What @imagekit/nodejs signs: the URL after `<urlEndpoint>/`, before it appends ik-t and ik-s.
    message: `${rawPath.slice(1)}${rawQueryWithout(rawQueryString, ['ik-s', 'ik-t'])}`,
  };
  const { steps, version, seoName } = parsed;
  const fileName = segments.at(-1) ?? '';
  const attachmentName = parsed.attachment ? (seoName ?? splitExtension(fileName).base) : undefined;
  return { path: { segments }, steps, version, signature, attachmentName };
}

export const imagekitDialect: Dialect = { name: 'imagekit', parse };
