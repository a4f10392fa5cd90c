import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import type { LambdaFunctionURLEvent } from 'aws-lambda';

/**
 * A DEBUG line as a request arrives, before any work: the URL and the `Accept` header that picks the
 * output format. Silent at the default INFO level; the invocations sampled by
 * `POWERTOOLS_LOGGER_SAMPLE_RATE` print it. Other headers stay out (CloudFront's signature is one).
 */
export const logRequestReceived = (logger: Logger): MiddlewareObj<LambdaFunctionURLEvent> => ({
  before: ({ event }) => {
    logger.debug('request received', {
      method: event.requestContext.http.method,
      rawPath: event.rawPath,
      rawQueryString: event.rawQueryString,
      accept: event.headers?.accept,
    });
  },
});
