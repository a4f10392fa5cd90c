import middy from '@middy/core';

/** The invalidation Lambda (purge queue and direct invocations). Wiring lands next. */
export const handler = middy<unknown, void>().handler(async () => undefined);
