import type { SecretRef } from '../registry/endpoint-schema';

/** Resolves a secret reference (SSM / Secrets Manager) to its value; implementations cache. */
export interface SecretResolver {
  resolve(ref: SecretRef): Promise<string>;
}
