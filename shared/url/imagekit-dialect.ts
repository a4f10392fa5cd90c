import { invalid } from '../errors/image-error';
import { parseChain } from './chain';
import type { ImageRequest, RawImageUrl, SignatureParams } from './image-request';
import { MAX_PATH_LENGTH, parseImagePath } from './path';
import { SEO_SEGMENT, storedFileOf } from './seo-path';

const PATH_TRANSFORM_PREFIX = 'tr:';
/** The query parameters ImageKit URLs are read by; the viewer-request function keeps exactly these. */
export const IMAGEKIT_QUERY_PARAMS = ['tr', 'updatedAt', 'v', 'ik-s', 'ik-t', 'ik-attachment'] as const;

function singleValues(
  query: URLSearchParams,
): Partial<Record<(typeof IMAGEKIT_QUERY_PARAMS)[number], string>> {
  const values: Partial<Record<(typeof IMAGEKIT_QUERY_PARAMS)[number], string>> = {};
  for (const name of IMAGEKIT_QUERY_PARAMS) {
    const all = query.getAll(name);
    if (all.length > 1) throw invalid(`Query parameter "${name}" is given twice`);
    if (all[0] !== undefined) values[name] = all[0];
  }
  return values;
}

function parseVersion(updatedAt: string | undefined, v: string | undefined): string | undefined {
  if (updatedAt !== undefined && v !== undefined) throw invalid('Give only one of "updatedAt" and "v"');
  const version = updatedAt ?? v;
  if (version !== undefined && !/^[A-Za-z0-9._-]{1,64}$/.test(version)) {
    throw invalid('Expected 1-64 letters, digits, ".", "_" or "-" for the version parameter');
  }
  return version;
}

function parseSignature(value: string | undefined, expiry: string | undefined): SignatureParams | undefined {
  if (value === undefined) {
    if (expiry !== undefined) throw invalid('Query parameter "ik-t" needs "ik-s"');
    return undefined;
  }
  if (!/^[0-9a-f]{1,128}$/i.test(value)) throw invalid('Query parameter "ik-s" is not a hex signature');
  if (expiry !== undefined && !/^\d{1,12}$/.test(expiry))
    throw invalid('Query parameter "ik-t" is not a Unix time');
  return { value: value.toLowerCase(), expiresAt: expiry === undefined ? undefined : Number(expiry) };
}

function parseAttachment(value: string | undefined): boolean {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  throw invalid(`Expected "true" or "false" for query parameter "ik-attachment" but received "${value}"`);
}

function decodeChain(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw invalid('The transformation is not valid percent-encoding');
  }
}

/** Where the `ik-seo` marker is: right after the endpoint, or after a path-form chain there. */
function seoIndexOf(rawSegments: readonly string[]): number {
  return rawSegments.findIndex(
    (segment, index) =>
      segment === SEO_SEGMENT &&
      (index <= 1 || (index === 2 && rawSegments[1]?.startsWith(PATH_TRANSFORM_PREFIX) === true)),
  );
}

/**
 * ImageKit's URL dialect: `/<endpoint>/tr:<chain>/<path>` or `/<endpoint>/<path>?tr=<chain>`, plus
 * `updatedAt`/`v` versions, `ik-s`/`ik-t` signatures, `ik-attachment` downloads and SEO paths (`/<endpoint>/ik-seo/...`, with the
 * chain before or after the marker, see `seo-path.ts`). Unknown query parameters are ignored.
 */
export function parseImageKitUrl({ rawPath, rawQueryString }: RawImageUrl): ImageRequest {
  if (rawPath.length > MAX_PATH_LENGTH) throw invalid('The URL path is too long');
  if (!rawPath.startsWith('/')) throw invalid('The URL path must start with "/"');
  const rawSegments = rawPath.slice(1).split('/');
  const query = singleValues(new URLSearchParams(rawQueryString));

  // Path-form transformations sit right after the endpoint, or first when the default endpoint serves;
  // in an SEO URL they may follow the marker instead.
  const seoIndex = seoIndexOf(rawSegments);
  const transformIndex = rawSegments.findIndex(
    (segment, index) =>
      (index <= 1 || (seoIndex >= 0 && index === seoIndex + 1)) && segment.startsWith(PATH_TRANSFORM_PREFIX),
  );
  let chainText = query.tr;
  if (transformIndex >= 0) {
    if (chainText !== undefined)
      throw invalid('Give the transformation in the path or in the query, not both');
    chainText = decodeChain(rawSegments[transformIndex]?.slice(PATH_TRANSFORM_PREFIX.length) ?? '');
  }
  const path = parseImagePath(
    rawSegments.filter((_segment, index) => index !== transformIndex && index !== seoIndex),
  );
  // The segments before the marker (the endpoint id, when given) stay; the SEO name maps the rest.
  const kept = seoIndex - (transformIndex >= 0 && transformIndex < seoIndex ? 1 : 0);
  const seo = seoIndex < 0 ? undefined : storedFileOf(path.segments.slice(kept));

  return {
    path: seo === undefined ? path : { segments: [...path.segments.slice(0, kept), ...seo.segments] },
    endpointOmitted: transformIndex === 0 || seoIndex === 0,
    steps: chainText === undefined ? [] : parseChain(chainText),
    version: parseVersion(query.updatedAt, query.v),
    signature: parseSignature(query['ik-s'], query['ik-t']),
    seoName: seo?.seoName,
    attachment: parseAttachment(query['ik-attachment']),
  };
}
