import type { SecretResolver } from './secret-resolver';
import { secretRefKey, secretUnavailable } from './secret-refs';

/**
 * Resolves secrets from a fixed map keyed like `ssm:/imgfront/key` or `secretsmanager:origin-pass`
 * (see `secretRefKey`): for the local stack and tests, where no Parameter Store exists.
 */
export function createStaticSecretResolver(values: Readonly<Record<string, string>>): SecretResolver {
  const known = new Map(Object.entries(values));
  return {
    async resolve(ref) {
      const value = known.get(secretRefKey(ref));
      if (value === undefined) throw secretUnavailable(ref, 'not in the static secret map');
      return value;
    },
  };
}
