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
export function loadViewerRequestFunction(): Context {
  const context = createContext({});
  runInContext(readFileSync(VIEWER_REQUEST_FILE, 'utf8'), context);
  return context;
}
