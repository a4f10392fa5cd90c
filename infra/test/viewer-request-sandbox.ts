import { readFileSync } from 'node:fs';
import { createContext, runInContext, type Context } from 'node:vm';
import { VIEWER_REQUEST_FILE } from '../edge/viewer-request-file';

/**
 * The viewer-request function's file, run as a plain script in a bare context (no require, process
 * or Buffer, as at the edge): its top-level declarations, `handler` included, are the context's.
 */
export function loadViewerRequestFunction(): Context {
  const context = createContext({});
  runInContext(readFileSync(VIEWER_REQUEST_FILE, 'utf8'), context);
  return context;
}
