import type { Context } from 'aws-lambda';

/** A Lambda context for invoking handlers in tests, with `remainingMs` left before the timeout. */
export function lambdaContext(remainingMs = 60_000): Context {
  const deadline = Date.now() + remainingMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'imgfront-test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:imgfront-test',
    memoryLimitInMB: '512',
    awsRequestId: `request-${deadline}`,
    logGroupName: '/aws/lambda/imgfront-test',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
