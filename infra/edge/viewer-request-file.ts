import { createHash, createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';

/** The CloudFront Functions code (cloudfront-js-2.0): deployed by `ImageDistribution`, unit-tested from the same file. */
export const VIEWER_REQUEST_FILE = join(__dirname, 'viewer-request.js');
/**
 * The same code minified, written by `npm run build` beside the compiled construct: an installed
 * package synthesises without esbuild (a devDependency); a checkout minifies the source at synth.
 */
export const MINIFIED_VIEWER_REQUEST_FILE = join(__dirname, 'viewer-request.min.js');

/** The part of a CloudFront KeyValueStore the function reads (`cf.kvs()`): `get` rejects a missing key. */
export interface EdgeKeyValueStore {
  get(key: string): Promise<string>;
}

/** A store with nothing in it: every endpoint is only normalised. */
const EMPTY_STORE: EdgeKeyValueStore = {
  get: (key) => Promise.reject(new Error(`The key ${key} is not found`)),
};

/** What the runtime's `crypto` module offers the function: HMACs and hashes, digests as hex or base64. */
const EDGE_CRYPTO = {
  createHash: (algorithm: string) => {
    const hash = createHash(algorithm);
    const chain = {
      update: (text: string) => (hash.update(text, 'utf8'), chain),
      digest: (encoding: 'hex' | 'base64' | 'base64url') => hash.digest(encoding),
    };
    return chain;
  },
  createHmac: (algorithm: string, key: string) => {
    const hmac = createHmac(algorithm, key);
    const chain = {
      update: (text: string) => (hmac.update(text, 'utf8'), chain),
      digest: (encoding: 'hex' | 'base64' | 'base64url') => hmac.digest(encoding),
    };
    return chain;
  },
};

/**
 * Runs the deployed code as a plain script in a bare context (no require, process or Buffer, as at
 * the edge, so any Node API it used would throw), its two imports (`cloudfront`, `crypto`) given as
 * stand-ins, and returns that context: its top-level declarations, `handler` and `normalise` included.
 */
export function loadViewerRequestFunction(
  deviceLimitEndpoints: readonly string[] = [],
  store: EdgeKeyValueStore = EMPTY_STORE,
): ViewerRequestScope {
  const context = createContext({ cf: { kvs: () => store }, crypto: EDGE_CRYPTO });
  const script = viewerRequestCode(deviceLimitEndpoints).replace(IMPORTS, '');
  runInContext(script, context);
  // The top-level `handler` CloudFront calls, not the scope's own.
  return { ...(context[SCOPE] as ViewerRequestScope), handler: context.handler as ViewerRequestHandler };
}

/** A query entry as CloudFront Functions passes it: a repeated key also carries every value. */
export interface EdgeQueryEntry {
  value: string;
  multiValue?: { value: string }[];
}

/** The viewer request the function reads and rewrites (the fields it uses). */
export interface EdgeRequest {
  method: string;
  uri: string;
  querystring: Record<string, EdgeQueryEntry>;
  headers: Record<string, { value: string }>;
}

/** An answer the function gives itself instead of the request (a refusal before the cache). */
export interface EdgeResponse {
  statusCode: number;
  statusDescription: string;
  headers: Record<string, { value: string }>;
  body: { encoding: 'text'; data: string };
}

/** The function's `handler`, typed: the rewritten request, or its own answer. */
export type ViewerRequestHandler = (event: { request: EdgeRequest }) => Promise<EdgeRequest | EdgeResponse>;

/** The cache-key rewrite (`normalise`), typed: what `handler` does to a request no edge rule refused. */
export const loadViewerRequestHandler = (deviceLimitEndpoints: readonly string[] = []) =>
  loadViewerRequestFunction(deviceLimitEndpoints).normalise;

/** The runtime's modules, imported on the file's first lines. */
const IMPORTS = /^import [^;]+;\n/gm;

/** The function's one other top-level name: its code, scoped so minification may shorten every name in it. */
const SCOPE = 'imgfront';

/** What the minified code's scope gives back: the entry point, and what tests and the stand-in read. */
export interface ViewerRequestScope {
  handler: ViewerRequestHandler;
  normalise: (event: { request: EdgeRequest }) => EdgeRequest;
  KEPT_PARAMS: readonly string[];
}

/** A global name minification keeps, standing for the device-limited endpoints until synth fills them in. */
const DEVICE_ENDPOINTS_PLACEHOLDER = 'IMGFRONT_DEVICE_ENDPOINTS';

/**
 * The file minified by esbuild as a script (comments, whitespace and local names count against the
 * 10 KB limit and do nothing at the edge; top-level names such as `handler` are kept), its imports put
 * back on top. Rewritten syntax stays within ES2017, which the runtime accepts.
 */
export function minifyViewerRequest(): string {
  // Required here, not imported: esbuild is a devDependency, absent from installed packages.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { transformSync } = require('esbuild') as typeof import('esbuild');
  const source = readFileSync(VIEWER_REQUEST_FILE, 'utf8').replace(
    'var DEVICE_ENDPOINTS = [];',
    `var DEVICE_ENDPOINTS = ${DEVICE_ENDPOINTS_PLACEHOLDER};`,
  );
  const imports = source.match(IMPORTS) ?? [];
  // Top-level names survive minification, and the file's many long ones cost 1.4 KB of the 10 KB: inside
  // a function scope they shrink to letters. `handler` stays a top-level function, as CloudFront calls it.
  const scoped =
    `var ${SCOPE} = (function () {\n${source.replace(IMPORTS, '')}\n` +
    `return { handler: handler, normalise: normalise, KEPT_PARAMS: KEPT_PARAMS };\n})();\n` +
    `async function handler(event) { return ${SCOPE}.handler(event); }\n`;
  const { code } = transformSync(scoped, {
    minifyWhitespace: true,
    minifyIdentifiers: true,
    minifySyntax: true,
    // The newest syntax the runtime takes that esbuild may write (async/await, no `??` or `?.`).
    target: 'es2017',
    legalComments: 'none',
    loader: 'js',
  });
  return `${imports.join('')}${code}`;
}

/**
 * The code CloudFront runs: the minified file (prebuilt in an installed package), with the endpoints
 * whose `settings.deviceLimits` make the device class part of the cache key.
 */
export function viewerRequestCode(deviceLimitEndpoints: readonly string[] = []): string {
  const minified = existsSync(MINIFIED_VIEWER_REQUEST_FILE)
    ? readFileSync(MINIFIED_VIEWER_REQUEST_FILE, 'utf8')
    : minifyViewerRequest();
  return minified.replace(DEVICE_ENDPOINTS_PLACEHOLDER, () => JSON.stringify(deviceLimitEndpoints));
}
