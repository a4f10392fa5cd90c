import middy from '@middy/core';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { fromFunctionUrlEvent, toBufferedResult, toStreamingResult } from '../../shared/http/function-url';
import type { HttpResponse } from '../../shared/http/types';
import type { ImageService } from '../../shared/service/image-service';

function buildHandler<Result>(
  service: ImageService,
  toResult: (response: HttpResponse) => Result,
  streaming: boolean,
) {
  return middy<LambdaFunctionURLEvent, Result>({
    streamifyResponse: streaming,
    timeoutEarlyInMillis: 0,
  }).handler(async (event) => toResult(await service(fromFunctionUrlEvent(event))));
}

/** Buffered invoke mode: what the local server and tests call (the same service code). */
export const createBufferedHandler = (service: ImageService) =>
  buildHandler(service, toBufferedResult, false);

/** RESPONSE_STREAM invoke mode, used in AWS: up to 200 MB per response instead of 6 MB. */
export const createStreamingHandler = (service: ImageService) =>
  buildHandler(service, toStreamingResult, true);
