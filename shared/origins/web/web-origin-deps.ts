import type { OriginHttpClient } from '../../net/origin-http-client';
import type { SecretResolver } from '../../secrets/secret-resolver';

/** What web origins need from the process: built once at cold start and shared by every origin. */
export interface WebOriginDeps {
  /** The guarded client from `createOriginHttpClient` (SSRF guard, deadlines, retries). */
  client: OriginHttpClient;
  /** Resolves Basic-auth passwords and signing keys. */
  secrets: SecretResolver;
  /** Clock for request signatures. @default Date.now */
  now?: () => number;
}
