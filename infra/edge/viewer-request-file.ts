import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, runInContext, type Context } from 'node:vm';

/** The CloudFront Functions code (cloudfront-js-2.0): deployed by `ImageDistribution`, unit-tested from the same file. */
export const VIEWER_REQUEST_FILE = join(__dirname, 'viewer-request.js');

/**
 * Runs the viewer-request file as a plain script in a bare context (no require, process or Buffer,
 * as at the edge, so any Node API it used would throw) and returns that context: its top-level
 * declarations, `handler` included. Tests use it, and a local CloudFront stand-in can too.
 */
export function loadViewerRequestFunction(deviceLimitEndpoints: readonly string[] = []): Context {
  const context = createContext({});
  runInContext(viewerRequestCode(deviceLimitEndpoints), context);
  return context;
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

/** The function's `handler`, typed: it answers with the (rewritten) request. */
export const loadViewerRequestHandler = (deviceLimitEndpoints: readonly string[] = []) =>
  loadViewerRequestFunction(deviceLimitEndpoints).handler as (event: { request: EdgeRequest }) => EdgeRequest;

/**
 * The code CloudFront runs: the file without its whole-line comments (they count against the 10 KB
 * limit and do nothing at the edge), with the endpoints whose `settings.deviceLimits` make the
 * device class part of the cache key. Other endpoints never split their cache by device.
 */
export function viewerRequestCode(deviceLimitEndpoints: readonly string[] = []): string {
  const code = readFileSync(VIEWER_REQUEST_FILE, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*\/\//.test(line))
    .join('\n');
  return code.replace(
    'var DEVICE_ENDPOINTS = [];',
    `var DEVICE_ENDPOINTS = ${JSON.stringify(deviceLimitEndpoints)};`,
  );
}
