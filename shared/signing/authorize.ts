import type { ResolvedEndpoint } from '../registry/resolve-endpoint';
import type { SecretResolver } from '../secrets/secret-resolver';
import type { ImageRequest } from '../url/image-request';
import { verifySignature } from './url-signature';

/**
 * Checks the URL signature where the endpoint requires one, or where a signature was sent to an
 * endpoint that has keys (a wrong signature is never silently ignored).
 */
export async function authorize(
  request: ImageRequest,
  { endpoint, path }: ResolvedEndpoint,
  secrets: SecretResolver,
  nowSeconds: number,
): Promise<void> {
  const { signing } = endpoint.settings;
  const checkable = signing.keys.length > 0 && request.signature !== undefined;
  if (!signing.required && !checkable) return;
  const keys = await Promise.all(signing.keys.map((ref) => secrets.resolve(ref)));
  verifySignature(
    keys,
    {
      endpointId: endpoint.id,
      path,
      steps: request.steps,
      version: request.version,
      expiresAt: request.signature?.expiresAt,
    },
    request.signature?.value,
    nowSeconds,
  );
}
