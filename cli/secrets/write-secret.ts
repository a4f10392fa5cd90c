import {
  CreateSecretCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { fromDependencySdkError } from '../../shared/aws/sdk-errors';
import type { SecretRef } from '../../shared/registry/endpoint-schema';
import { secretRefKey } from '../../shared/secrets/secret-refs';

export interface SecretWriters {
  ssm: SSMClient;
  secretsManager: SecretsManagerClient;
}

const errorName = (error: unknown) =>
  typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : '';

/**
 * Stores a value at a reference: an SSM SecureString (overwriting), or a Secrets Manager secret (a new
 * version, created when missing). Failures name the reference, never the value.
 */
export async function writeSecret(
  stores: SecretWriters,
  ref: SecretRef,
  value: string,
): Promise<'created' | 'updated'> {
  try {
    if (ref.source === 'ssm') {
      await stores.ssm.send(
        new PutParameterCommand({ Name: ref.name, Value: value, Type: 'SecureString', Overwrite: true }),
      );
      return 'updated';
    }
    try {
      await stores.secretsManager.send(new PutSecretValueCommand({ SecretId: ref.id, SecretString: value }));
      return 'updated';
    } catch (error) {
      if (errorName(error) !== 'ResourceNotFoundException') throw error;
      await stores.secretsManager.send(new CreateSecretCommand({ Name: ref.id, SecretString: value }));
      return 'created';
    }
  } catch (error) {
    throw fromDependencySdkError(error, `write secret ${secretRefKey(ref)}`);
  }
}
