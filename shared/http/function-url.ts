import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { Readable } from 'node:stream';
import type { HttpRequest, HttpResponse } from './types';

/** Function URL payload 2.0 -> our request. Header names arrive lower-cased already. */
export function fromFunctionUrlEvent(event: LambdaFunctionURLEvent): HttpRequest {
  return {
    method: event.requestContext.http.method,
    rawPath: event.rawPath,
    rawQueryString: event.rawQueryString ?? '',
    headers: event.headers ?? {},
    requestId: event.requestContext.requestId,
  };
}

export interface BufferedFunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: true;
}

/** Buffered invoke mode (6 MB limit): binary bodies travel base64-encoded. */
export function toBufferedResult(response: HttpResponse): BufferedFunctionUrlResult {
  return {
    statusCode: response.status,
    headers: response.headers,
    body: response.body.toString('base64'),
    isBase64Encoded: true,
  };
}

export interface StreamingFunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: Readable;
}

/** RESPONSE_STREAM invoke mode (200 MB limit): middy pipes the body into Lambda's response stream. */
export function toStreamingResult(response: HttpResponse): StreamingFunctionUrlResult {
  return { statusCode: response.status, headers: response.headers, body: Readable.from([response.body]) };
}
