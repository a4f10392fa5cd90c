import middy from '@middy/core';

/** The version writer Lambda (S3 notifications and EventBridge object events). Wiring lands next. */
export const handler = middy<unknown, void>().handler(async () => undefined);
