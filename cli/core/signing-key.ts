import { ImageError } from '../../shared/errors/image-error';
import type { Endpoint, SecretRef } from '../../shared/registry/endpoint-schema';
import { parseSecretRefKey, secretRefKey } from '../../shared/secrets/secret-refs';
import type { Target } from './target';
import { UsageError } from './usage-error';

/** `ssm:/imgfront/key` or `secretsmanager:imgfront-key` as a secret reference. */
export function parseSecretRef(text: string): SecretRef {
  const parsed = parseSecretRefKey(text);
  if (parsed === undefined) {
    throw new UsageError(
      `expected ssm:<parameter name> or secretsmanager:<secret id> but received "${text}"`,
    );
  }
  return parsed;
}

/** Reads a signing key through the target's resolver; a failure names the reference, never a value. */
export async function resolveSigningKey(target: Target, ref: SecretRef): Promise<string> {
  try {
    return await target.secrets.resolve(ref);
  } catch (error) {
    const hint =
      target.mode === 'local'
        ? ` (store it with \`imgfront secret put ${secretRefKey(ref)} --local\`, or pass the key with --key)`
        : '';
    throw new ImageError('EACCES', `Cannot read the signing key ${secretRefKey(ref)}${hint}`, {
      internal: error instanceof ImageError ? error.internal : String(error),
      cause: error,
    });
  }
}

/** The endpoint's first (newest) signing key reference, for `--sign` without a key. */
export function endpointKeyRef(endpoint: Endpoint): SecretRef {
  const [ref] = endpoint.settings.signing.keys;
  if (ref === undefined) {
    throw new ImageError(
      'EINVALID',
      `Endpoint "${endpoint.id}" has no signing keys: pass --key or --key-ref`,
    );
  }
  return ref;
}
