import middy from '@middy/core';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import {
  fromFunctionUrlEvent,
  toBufferedResult,
  toStreamingResult,
  type BufferedFunctionUrlResult,
  type StreamingFunctionUrlResult,
} from '../../shared/http/function-url';
import type { ImageService } from '../../shared/service/image-service';

/**
 * The transform Lambda behind the function URL. In AWS it streams (RESPONSE_STREAM, up to 200 MB);
 * the local server and tests call the buffered variant, which runs the same service code.
 */
export function createTransformHandler(service: ImageService, options: { streaming: boolean }) {
  return middy<LambdaFunctionURLEvent, BufferedFunctionUrlResult | StreamingFunctionUrlResult>({
    streamifyResponse: options.streaming,
    timeoutEarlyInMillis: 0,
  }).handler(async (event) => {
    const response = await service(fromFunctionUrlEvent(event));
    return options.streaming ? toStreamingResult(response) : toBufferedResult(response);
  });
}
