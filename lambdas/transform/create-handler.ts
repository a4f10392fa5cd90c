import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { fromFunctionUrlEvent, toBufferedResult, toStreamingResult } from '../../shared/http/function-url';
import type { HttpResponse } from '../../shared/http/types';
import { cloudFrontCorrelation } from '../../shared/log/cloudfront-correlation';
import { logRequestReceived } from '../../shared/log/request-received';
import type { Telemetry } from '../../shared/runtime/telemetry';
import type { ImageService } from '../../shared/service/image-service';

function buildHandler<Result>(
  service: ImageService,
  toResult: (response: HttpResponse) => Result,
  streaming: boolean,
  telemetry: Telemetry | undefined,
) {
  const handler = middy<LambdaFunctionURLEvent, Result>({
    streamifyResponse: streaming,
    timeoutEarlyInMillis: 0,
  });
  // Without telemetry (benchmarks) nothing is logged or flushed; the service records nothing either.
  if (telemetry) {
    handler
      // The response is an image: kept out of the trace's metadata.
      .use(captureLambdaHandler(telemetry.tracer, { captureResponse: false }))
      .use(injectLambdaContext(telemetry.logger, { resetKeys: true }))
      .use(cloudFrontCorrelation(telemetry.logger))
      .use(logRequestReceived(telemetry.logger))
      .use(logMetrics(telemetry.metrics));
  }
  return handler.handler(async (event) => toResult(await service(fromFunctionUrlEvent(event))));
}

/** Buffered invoke mode: what the local server and tests call (the same service code). */
export const createBufferedHandler = (service: ImageService, telemetry?: Telemetry) =>
  buildHandler(service, toBufferedResult, false, telemetry);

/** RESPONSE_STREAM invoke mode, used in AWS: up to 200 MB per response instead of 6 MB. */
export const createStreamingHandler = (service: ImageService, telemetry?: Telemetry) =>
  buildHandler(service, toStreamingResult, true, telemetry);
