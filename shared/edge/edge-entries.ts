import { ImageError, invalid } from '../errors/image-error';
import type { Endpoint, SecretRef } from '../registry/endpoint-schema';
import type { SecretResolver } from '../secrets/secret-resolver';
import { DEFAULT_SCHEME } from '../url/dialects/names';

/**
 * What the viewer-request function reads from the CloudFront KeyValueStore, one compact entry per
 * endpoint that the edge enforces something for, and one per signing key:
 * - `e:<endpoint>` → {@link EdgeSettings} as JSON;
 * - `k:<endpoint>:<n>` → the n-th active signing key (n < `k`);
 * - `d` → the default endpoint's id, for URLs that name no endpoint.
 * Every endpoint gets an entry (`{}` when nothing is enforced), so the function can tell an endpoint
 * segment from a default endpoint's folder of the same name, as the service's routing does.
 */
export interface EdgeSettings {
  /** `signing.required`: a URL without a valid signature is refused. */
  r?: 1;
  /** Active keys (`k:<endpoint>:0` …), when the edge verifies this endpoint's scheme. */
  k?: number;
  /** The signing scheme when it is not imgfront's own (HMAC-SHA256 over the canonical form). */
  s?: Exclude<EdgeScheme, 'imgfront'>;
  /** `settings.allowedWidths`, ascending. */
  w?: number[];
  /** `widthPolicy: reject`. */
  x?: 1;
  /** `namedOnly`. */
  n?: 1;
  /** `settings.allowedParameters`. */
  a?: string[];
}

/** CloudFront KeyValueStore limits: a key of 512 bytes, a value of 1 KB, 5 MB in all. */
export const KVS_LIMITS = { keyBytes: 512, valueBytes: 1024, totalBytes: 5 * 1024 * 1024 } as const;

/**
 * The schemes the function verifies, each over the text the Lambda's scheme signs
 * (`signing/schemes/`): imgfront's (HMAC-SHA256 over the canonical form), ImageKit's SDKs' (HMAC-SHA1
 * over the URL as sent), imgix's (MD5 of token, path and query) and Thumbor's (HMAC-SHA1 over the path
 * after the signature). Cloudinary's stays with the Lambda: it signs the path with the version cut
 * where the Cloudinary parser finds it, and that cut would take the function past its 10 KB limit.
 */
export const EDGE_SCHEMES = ['imgfront', 'imagekit', 'imgix', 'thumbor'] as const;
type EdgeScheme = (typeof EDGE_SCHEMES)[number];

export const settingsKey = (endpointId: string) => `e:${endpointId}`;
export const signingKeyKey = (endpointId: string, index: number) => `k:${endpointId}:${index}`;
export const DEFAULT_ENDPOINT_KEY = 'd';

const schemeOf = ({ settings }: Endpoint) => settings.signing.scheme ?? DEFAULT_SCHEME[settings.dialect];

/** Whether the edge verifies this endpoint's signatures (else the Lambda still does). */
export function edgeVerifies(endpoint: Endpoint): boolean {
  return (
    (EDGE_SCHEMES as readonly string[]).includes(schemeOf(endpoint)) &&
    endpoint.settings.signing.keys.length > 0
  );
}

function edgeSettingsOf(endpoint: Endpoint): EdgeSettings {
  const { settings } = endpoint;
  const verified = edgeVerifies(endpoint);
  const edge: EdgeSettings = {};
  if (verified && settings.signing.required) edge.r = 1;
  if (verified) edge.k = settings.signing.keys.length;
  const scheme = schemeOf(endpoint);
  if (verified && scheme !== 'imgfront') edge.s = scheme as Exclude<EdgeScheme, 'imgfront'>;
  // The function reads chains in ImageKit's grammar only; the Lambda applies the others' rules.
  if (settings.dialect !== 'imagekit') return edge;
  if (settings.allowedWidths) edge.w = [...new Set(settings.allowedWidths)].sort((a, b) => a - b);
  if (settings.allowedWidths && settings.widthPolicy === 'reject') edge.x = 1;
  if (settings.namedOnly) edge.n = 1;
  if (settings.allowedParameters) edge.a = [...settings.allowedParameters];
  return edge;
}

const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');

/** Refuses what the store would refuse, naming the entry (never its value: it may be a key). */
function checked(entries: Map<string, string>): Map<string, string> {
  let total = 0;
  for (const [key, value] of entries) {
    if (byteLength(key) > KVS_LIMITS.keyBytes || byteLength(value) > KVS_LIMITS.valueBytes)
      throw invalid(`Edge store entry "${key}" is over the KeyValueStore's limits (key 512 B, value 1 KB)`);
    total += byteLength(key) + byteLength(value);
  }
  if (total > KVS_LIMITS.totalBytes) throw invalid('The edge store would exceed 5 MB');
  return entries;
}

/**
 * A key that does not exist (yet: an endpoint is often written before its secret) is left out, so the
 * edge refuses every signature under it, as the Lambda would; a failure worth retrying still throws.
 */
async function readableKey(secrets: SecretResolver, ref: SecretRef): Promise<string | undefined> {
  try {
    return await secrets.resolve(ref);
  } catch (error) {
    if (error instanceof ImageError && !error.retryable) return undefined;
    throw error;
  }
}

/**
 * The whole store's desired content for these endpoints: built the same way by the sync Lambda, the
 * CLI and the local CloudFront stand-in, so the function reads the same entries everywhere.
 */
export async function edgeEntries(
  endpoints: readonly Endpoint[],
  secrets: SecretResolver,
): Promise<Map<string, string>> {
  const entries = new Map<string, string>();
  for (const endpoint of endpoints) {
    const edge = edgeSettingsOf(endpoint);
    if (endpoint.isDefault) entries.set(DEFAULT_ENDPOINT_KEY, endpoint.id);
    entries.set(settingsKey(endpoint.id), JSON.stringify(edge));
    if (edge.k === undefined) continue;
    const keys = await Promise.all(endpoint.settings.signing.keys.map((ref) => readableKey(secrets, ref)));
    keys.forEach((key, index) => {
      if (key !== undefined) entries.set(signingKeyKey(endpoint.id, index), key);
    });
  }
  return checked(entries);
}
