import middy from '@middy/core';
import { loadConfig } from '../../shared/config/config';
import { composeVersionWriter } from '../../shared/versioning/compose-version-writer';
import type { VersionWriter, VersionWriteReport } from '../../shared/versioning/version-writer';

let writeVersions: VersionWriter | undefined;

/**
 * The version writer Lambda: S3 event notifications (`{ Records: [...] }`) and EventBridge
 * `Object Created` / `Object Deleted` events. Throws when recording or enqueueing fails so Lambda's
 * retries (and its on-failure destination) take over; late and repeated events are no-ops.
 */
export const handler = middy<unknown, VersionWriteReport>().handler((event) => {
  writeVersions ??= composeVersionWriter(loadConfig());
  return writeVersions(event);
});
