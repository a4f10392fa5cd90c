import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A stand-in for S3 in front of s3rver, to see and bend what the CLI sends. */
export interface S3Proxy {
  url: string;
  /** `METHOD /bucket/key?query` of every request, in order. */
  readonly requests: string[];
  /** Answers the next `count` PUTs (PutObject or UploadPart) with 503 SlowDown. */
  failPuts(count: number): void;
  /**
   * Rewrites HEAD answers' ETags to the form AWS gives multipart objects (`"<hex>-2"`, never an MD5),
   * as s3rver gives every object the MD5 of its bytes.
   */
  multipartEtags(on: boolean): void;
  close(): Promise<void>;
}

const SLOW_DOWN =
  '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Slow down</Message></Error>';

/** Starts the proxy on 127.0.0.1; point an origin's `endpointUrl` at `url`. */
export async function startS3Proxy(target: string): Promise<S3Proxy> {
  const requests: string[] = [];
  let failuresLeft = 0;
  let rewriteEtags = false;
  const server: Server = createServer((incoming, outgoing) => {
    requests.push(`${incoming.method} ${incoming.url}`);
    if (incoming.method === 'PUT' && failuresLeft > 0) {
      failuresLeft -= 1;
      incoming.resume();
      outgoing.writeHead(503, { 'content-type': 'application/xml' });
      outgoing.end(SLOW_DOWN);
      return;
    }
    const forwarded = request(
      `${target}${incoming.url ?? '/'}`,
      { method: incoming.method, headers: incoming.headers },
      (answer) => {
        const headers = { ...answer.headers };
        if (rewriteEtags && incoming.method === 'HEAD' && headers.etag) {
          headers.etag = headers.etag.replace(/"$/, '-2"');
        }
        outgoing.writeHead(answer.statusCode ?? 502, headers);
        answer.pipe(outgoing);
      },
    );
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failPuts: (count) => (failuresLeft = count),
    multipartEtags: (on) => (rewriteEtags = on),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
