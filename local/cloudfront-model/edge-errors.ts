/** An answer CloudFront makes itself, without a cached object or the origin's. */
export interface EdgeError {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** CloudFront's own error page: "ERROR: The request could not be satisfied" and the reason. */
function edgeError(status: number, reason: string): EdgeError {
  const body = Buffer.from(
    `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN" "http://www.w3.org/TR/html4/loose.dtd">\n` +
      `<HTML><HEAD><TITLE>ERROR: The request could not be satisfied</TITLE></HEAD><BODY>\n` +
      `<H1>${status} ERROR</H1>\n<H2>The request could not be satisfied.</H2>\n<HR noshade size="1px">\n` +
      `${reason}\n</BODY></HTML>\n`,
  );
  return {
    status,
    headers: { 'content-type': 'text/html', 'content-length': String(body.byteLength) },
    body,
  };
}

/** A method the cache behaviour does not allow (CloudFront's "403 Invalid method"). */
export const methodNotAllowed = () =>
  edgeError(
    403,
    'This distribution is not configured to allow the HTTP request method that was used for this request. The distribution supports only cachable requests.',
  );

/** CloudFront refuses a GET (or HEAD) that carries a body with 403. */
export const bodyNotAllowed = () => edgeError(403, 'Bad request. A GET or HEAD request cannot carry a body.');

/** The viewer-request function threw. */
export const functionFailed = () =>
  edgeError(503, 'The CloudFront function associated with this request failed to run.');

/** The origin refused the connection or broke it. */
export const originUnreachable = () => edgeError(502, 'CloudFront was not able to connect to the origin.');

/** The origin did not answer within the origin read timeout. */
export const originTimedOut = () =>
  edgeError(504, 'CloudFront attempted to establish a connection with the origin, but it timed out.');
