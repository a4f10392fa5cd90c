// The page's one input besides the URLs it builds: `/playground/config.json`. The local stack writes it
// from the registry and its S3 buckets; a deployment writes a fixed one with the static files.
import type { EndpointUrlTarget } from '../shared/url/endpoint-file-url';

/** The file the page reads its endpoints (and, locally, an explain token) from. */
export const PLAYGROUND_CONFIG_FILE = 'config.json';
/** Where the page lives on the CDN: CloudFront's `/playground/*` behaviour, the local stand-in's too. */
export const PLAYGROUND_PATH = '/playground/';

export interface PlaygroundEndpoint extends EndpointUrlTarget {
  readonly isDefault: boolean;
  /** Keys in the endpoint's S3 origins (the first few), for the image picker. */
  readonly images: readonly string[];
}

export interface PlaygroundConfig {
  readonly endpoints: readonly PlaygroundEndpoint[];
  /**
   * An `imgfront-explain=<expiry>.<hmac>` token minted for the page (never the key), when the
   * deployment lets the page explain: the local stack only.
   */
  readonly explainToken?: string;
}
