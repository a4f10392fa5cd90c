import type { ResolvedEndpoint } from '../registry/resolve-endpoint';
import type { SecretResolver } from '../secrets/secret-resolver';
import { DEFAULT_SCHEME } from '../url/dialects/names';
import type { DialectRequest } from '../url/dialects/dialect';
import { schemeFor } from './schemes';
import { refuse, sameText } from './schemes/scheme';

/**
 * Checks the URL signature where the endpoint requires one, or where a signature was sent to an
 * endpoint that has keys (a wrong signature is never silently ignored). The scheme is the endpoint's
 * `signing.scheme`, else its dialect's own; any active key may have signed (keys rotate).
 */
export async function authorize(
  request: Pick<DialectRequest, 'steps' | 'version' | 'signature'>,
  { endpoint, path }: ResolvedEndpoint,
  secrets: SecretResolver,
  nowSeconds: number,
): Promise<void> {
  const { signing, dialect } = endpoint.settings;
  const { signature } = request;
  const checkable = signing.keys.length > 0 && signature !== undefined;
  if (!signing.required && !checkable) return;
  if (signature === undefined) throw refuse('This URL must be signed');
  if (signature.expiresAt !== undefined && signature.expiresAt < nowSeconds)
    throw refuse('This signed URL has expired');
  const scheme = schemeFor(signing.scheme ?? DEFAULT_SCHEME[dialect]);
  const keys = await Promise.all(signing.keys.map((ref) => secrets.resolve(ref)));
  const content = { endpointId: endpoint.id, path, steps: request.steps, version: request.version };
  const input = { signature, content: { ...content, expiresAt: signature.expiresAt } };
  const candidates = keys.flatMap((key) => scheme.expected(key, input));
  if (!candidates.some((candidate) => sameText(candidate, signature.value)))
    throw refuse('The URL signature is not valid');
}
