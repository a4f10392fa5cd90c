import { fail, pass, skip } from './check';

/**
 * The function URL must refuse a call that bypasses CloudFront: with `AWS_IAM` auth an unsigned
 * request gets 403 from Lambda before any code runs. A 2xx means anyone can skip the cache (and WAF).
 */
export async function checkDirectCallRefused(functionUrl: string | undefined) {
  if (functionUrl === undefined) {
    return skip('no function URL known (the stack output TransformFunctionUrl, or --function-url)');
  }
  const response = await fetch(new URL('/imgfront-doctor/direct-call.jpg', functionUrl), {
    signal: AbortSignal.timeout(10_000),
  });
  await response.arrayBuffer();
  return response.status === 403
    ? pass(`${functionUrl} answers an unsigned call with 403`)
    : fail(
        `${functionUrl} answered an unsigned call with ${response.status}: the function URL must use ` +
          'AWS_IAM auth so only CloudFront (Origin Access Control) can call it',
      );
}
