import type { Logger } from '@aws-lambda-powertools/logger';
import type { MiddlewareObj } from '@middy/core';
import type { LambdaFunctionURLEvent } from 'aws-lambda';

/** CloudFront's id for the viewer request, sent to the origin; its access logs carry the same id. */
export const CLOUDFRONT_REQUEST_ID_HEADER = 'x-amz-cf-id';

/**
 * Sets the log lines' `correlation_id` to CloudFront's request id, so a line can be found from an
 * access log entry (or a viewer's `x-amz-cf-id` response header). Run after `injectLambdaContext`,
 * whose `resetKeys` clears it again after the invocation.
 */
export const cloudFrontCorrelation = (logger: Logger): MiddlewareObj<LambdaFunctionURLEvent> => ({
  before: (request) => {
    const id = request.event.headers?.[CLOUDFRONT_REQUEST_ID_HEADER];
    if (id !== undefined) logger.setCorrelationId(id);
  },
});
