import type { AwsCredentialIdentity } from '@aws-sdk/types';

/**
 * Region and credentials for SDK clients. Empty in Lambda (the SDK's default chain applies); the local
 * stack and tests pass static credentials for the emulators.
 */
export interface AwsClientDefaults {
  region?: string;
  credentials?: AwsCredentialIdentity;
}
