import { join } from 'node:path';

/** The CloudFront Functions code (cloudfront-js-2.0): deployed by `ImageDistribution`, unit-tested from the same file. */
export const VIEWER_REQUEST_FILE = join(__dirname, 'viewer-request.js');
