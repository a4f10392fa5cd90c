import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { SecretRef } from '../registry/endpoint-schema';
import { sdkFailureMayPass } from '../aws/sdk-errors';
import { BoundedCache } from '../cache/bounded-cache';
import type { SecretResolver } from './secret-resolver';
import { secretRefKey, secretUnavailable } from './secret-refs';

export interface AwsSecretResolverOptions {
  ssm: SSMClient;
  secretsManager: SecretsManagerClient;
  /** How long a value is reused before it is read again, so rotations apply in bounded time. @default 300 */
  ttlSeconds?: number;
  /** @default Date.now */
  now?: () => number;
}

interface SdkFailure {
  name?: string;
  message?: string;
}

/**
 * Reads secrets from SSM Parameter Store (`GetParameter` with decryption, so SecureStrings work) and
 * Secrets Manager (`GetSecretValue`, string secrets), caching each value in memory for `ttlSeconds`
 * and sharing one in-flight read between concurrent callers. Failed reads are not cached.
 */
export function createAwsSecretResolver(options: AwsSecretResolverOptions): SecretResolver {
  const cache = new BoundedCache<string>({
    maxEntries: 200,
    ttlMs: (options.ttlSeconds ?? 300) * 1000,
    // A key that was readable a moment ago still verifies signatures while SSM is throttled or down.
    staleIfErrorMs: 3600_000,
    now: options.now,
  });

  async function read(ref: SecretRef): Promise<string | undefined> {
    if (ref.source === 'ssm') {
      const output = await options.ssm.send(
        new GetParameterCommand({ Name: ref.name, WithDecryption: true }),
      );
      return output.Parameter?.Value;
    }
    const output = await options.secretsManager.send(new GetSecretValueCommand({ SecretId: ref.id }));
    return output.SecretString;
  }

  async function load(ref: SecretRef): Promise<string> {
    let value: string | undefined;
    try {
      value = await read(ref);
    } catch (error) {
      const failure = (error ?? {}) as SdkFailure;
      throw secretUnavailable(ref, `${failure.name ?? 'Error'}: ${failure.message ?? String(error)}`, {
        retryable: sdkFailureMayPass(error),
        cause: error,
      });
    }
    if (value === undefined) throw secretUnavailable(ref, 'has no string value');
    return value;
  }

  return { resolve: (ref) => cache.getOrLoad(secretRefKey(ref), () => load(ref)) };
}
