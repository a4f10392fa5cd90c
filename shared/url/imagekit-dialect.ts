import { invalid } from '../errors/image-error';
import { parseChain } from './chain';
import type { ImageRequest, RawImageUrl, SignatureParams } from './image-request';
import { MAX_PATH_LENGTH, parseImagePath } from './path';

const PATH_TRANSFORM_PREFIX = 'tr:';
const SINGLE_VALUE_PARAMS = ['tr', 'updatedAt', 'v', 'ik-s', 'ik-t'] as const;

function singleValues(query: URLSearchParams): Partial<Record<(typeof SINGLE_VALUE_PARAMS)[number], string>> {
  const values: Partial<Record<(typeof SINGLE_VALUE_PARAMS)[number], string>> = {};
  for (const name of SINGLE_VALUE_PARAMS) {
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

function decodeChain(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw invalid('The transformation is not valid percent-encoding');
  }
}

/**
 * ImageKit's URL dialect: `/<endpoint>/tr:<chain>/<path>` or `/<endpoint>/<path>?tr=<chain>`, plus
 * `updatedAt`/`v` versions and `ik-s`/`ik-t` signatures. Unknown query parameters are ignored.
 */
export function parseImageKitUrl({ rawPath, rawQueryString }: RawImageUrl): ImageRequest {
  if (rawPath.length > MAX_PATH_LENGTH) throw invalid('The URL path is too long');
  if (!rawPath.startsWith('/')) throw invalid('The URL path must start with "/"');
  const rawSegments = rawPath.slice(1).split('/');
  const query = singleValues(new URLSearchParams(rawQueryString));

  // Path-form transformations sit right after the endpoint, or first when the default endpoint serves.
  const transformIndex = rawSegments.findIndex(
    (segment, index) => index <= 1 && segment.startsWith(PATH_TRANSFORM_PREFIX),
  );
  let chainText = query.tr;
  if (transformIndex >= 0) {
    if (chainText !== undefined)
      throw invalid('Give the transformation in the path or in the query, not both');
    chainText = decodeChain(rawSegments[transformIndex]?.slice(PATH_TRANSFORM_PREFIX.length) ?? '');
    rawSegments.splice(transformIndex, 1);
  }

  return {
    path: parseImagePath(rawSegments),
    endpointOmitted: transformIndex === 0,
    steps: chainText === undefined ? [] : parseChain(chainText),
    version: parseVersion(query.updatedAt, query.v),
    signature: parseSignature(query['ik-s'], query['ik-t']),
  };
}
