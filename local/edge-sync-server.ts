import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EdgeSyncResult } from '../shared/edge/edge-store-sync';
import { toImageError } from '../shared/errors/image-error';
import { ERROR_HEADER } from '../shared/http/responses';

export interface EdgeSyncServer {
  /** `POST <url>` syncs the edge store now and answers its {@link EdgeSyncResult} as JSON. */
  url: string;
  close(): Promise<void>;
}

/**
 * What the edge sync Lambda is to a deployed stage, for the local stack: `imgfront … --local` calls it
 * after its writes, so the viewer function sees them at once. On 127.0.0.1 only.
 */
export async function startEdgeSyncServer(sync: () => Promise<EdgeSyncResult>): Promise<EdgeSyncServer> {
  const server = createServer((request, response) => {
    request.resume();
    const answer = (status: number, body: unknown, errorCode?: string) => {
      response.writeHead(status, {
        'content-type': 'application/json',
        ...(errorCode === undefined ? {} : { [ERROR_HEADER]: errorCode }),
      });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'POST' || request.url !== '/') {
      answer(404, { error: 'only POST /' }, 'ENOENT');
      return;
    }
    sync().then(
      (result) => answer(200, result),
      (error: unknown) => {
        const failure = toImageError(error);
        answer(failure.status, { error: failure.message }, failure.code);
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
