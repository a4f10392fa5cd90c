import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook, type WebhookEvent } from '../webhook-auth';

/** One request the receiver got, with the verdict a real receiver would reach. */
export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  verified: boolean;
  reason?: string;
}

/**
 * A webhook receiver on 127.0.0.1 for tests: verifies each request's signature, timestamp and body with
 * `verifyWebhook`, as the README tells receivers to, and answers 204 or 401.
 */
export interface WebhookReceiver {
  url: string;
  readonly received: readonly ReceivedWebhook[];
  /** Verified events, in arrival order. */
  events(detailType?: string): WebhookEvent[];
  /** Answers the next `count` requests with `status` (e.g. 503) before verifying anything. */
  failNext(count: number, status: number): void;
  /** Resolves once `count` verified events of `detailType` have arrived (rejects after `timeoutMs`). */
  waitFor(detailType: string, count?: number, timeoutMs?: number): Promise<WebhookEvent[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(secret: string): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const verifiedEvents: WebhookEvent[] = [];
  const failures: number[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const failure = failures.shift();
      if (failure !== undefined) {
        received.push({ headers: request.headers, body, verified: false, reason: `answered ${failure}` });
        response.writeHead(failure).end();
        return;
      }
      const verdict = verifyWebhook({ headers: request.headers, body }, { secret });
      received.push({
        headers: request.headers,
        body,
        verified: verdict.ok,
        reason: verdict.ok ? undefined : verdict.reason,
      });
      if (verdict.ok) verifiedEvents.push(verdict.event);
      response.writeHead(verdict.ok ? 204 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const events = (detailType?: string) =>
    verifiedEvents.filter((event) => detailType === undefined || event['detail-type'] === detailType);
  return {
    url: `http://127.0.0.1:${port}/hooks/imgfront`,
    received,
    events,
    failNext(count, status) {
      failures.push(...Array<number>(count).fill(status));
    },
    async waitFor(detailType, count = 1, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (events(detailType).length < count) {
        if (Date.now() > until) {
          throw new TypeError(
            `expected ${count} "${detailType}" events but received ${events(detailType).length}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return events(detailType);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
