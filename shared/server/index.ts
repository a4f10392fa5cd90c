// The `imgfront/server` entry point: self-hosting without AWS (`serve`), the endpoint parser that
// gives its endpoints their defaults, and URL signing for Node servers (the key stays server-side).
export { serve, type RunningServer, type ServeOptions } from './serve';
export { parseEndpoint, type Endpoint } from '../registry/endpoint-schema';
export { hmacSigner } from '../signing/url-signature';
