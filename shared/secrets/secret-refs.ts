import { ImageError } from '../errors/image-error';
import { secretRefSchema, type SecretRef } from '../registry/endpoint-schema';

/** A reference as one string: `ssm:<parameter name>` or `secretsmanager:<secret id>`. */
export const secretRefKey = (ref: SecretRef): string =>
  ref.source === 'ssm' ? `ssm:${ref.name}` : `secretsmanager:${ref.id}`;

/**
 * A secret that cannot be read is our misconfiguration, not the viewer's: a generic 500 for the
 * client, the reference and the reason for the log (never the value).
 */
export function secretUnavailable(
  ref: SecretRef,
  reason: string,
  options: { retryable?: boolean; cause?: unknown } = {},
) {
  return new ImageError('UNIDENTIFIED', 'Internal error', {
    internal: `secret ${secretRefKey(ref)}: ${reason}`,
    cause: options.cause,
    retryable: options.retryable ?? false,
  });
}

/** `ssm:<name>` or `secretsmanager:<id>` as a reference; undefined when the text is neither. */
export function parseSecretRefKey(text: string): SecretRef | undefined {
  const colon = text.indexOf(':');
  if (colon === -1) return undefined;
  const source = text.slice(0, colon);
  const value = text.slice(colon + 1);
  const parsed = secretRefSchema.safeParse(
    source === 'ssm' ? { source, name: value } : { source, id: value },
  );
  return parsed.success ? parsed.data : undefined;
}
