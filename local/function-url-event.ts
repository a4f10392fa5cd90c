import type { Context, LambdaFunctionURLEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Builds the Lambda function URL (payload 2.0) event AWS would deliver for a plain HTTP request, so
 * the local server runs the very handler the Lambda runs. The path stays percent-encoded, as in AWS.
 */
export function toFunctionUrlEvent(request: IncomingMessage, body: Buffer): LambdaFunctionURLEvent {
  const url = request.url ?? '/';
  const queryIndex = url.indexOf('?');
  const rawPath = queryIndex < 0 ? url : url.slice(0, queryIndex);
  const rawQueryString = queryIndex < 0 ? '' : url.slice(queryIndex + 1);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const now = new Date();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString,
    headers,
    requestContext: {
      accountId: 'anonymous',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: request.method ?? 'GET',
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    body: body.byteLength > 0 ? body.toString('base64') : undefined,
    isBase64Encoded: body.byteLength > 0,
  };
}

/** The slice of Lambda's context our handlers read. */
export function localContext(event: LambdaFunctionURLEvent): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'imgfront-transform-local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:imgfront-transform-local',
    memoryLimitInMB: '2048',
    awsRequestId: event.requestContext.requestId,
    logGroupName: 'local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
