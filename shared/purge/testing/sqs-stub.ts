import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A message the stub accepted. */
export interface StubSqsMessage {
  messageId: string;
  body: string;
}

/** A minimal SQS speaking the AWS JSON 1.0 protocol for SendMessageBatch (tests only; no emulator exists). */
export interface SqsStub {
  queueUrl: string;
  readonly messages: readonly StubSqsMessage[];
  /** Fails the next `count` entries with a transient (not sender) fault. */
  failNextEntries(count: number): void;
  close(): Promise<void>;
}

interface BatchEntry {
  Id: string;
  MessageBody: string;
}

/** Starts the stub on 127.0.0.1; point `SQSClient` at `queueUrl` (it uses the queue URL as its endpoint). */
export async function startSqsStub(): Promise<SqsStub> {
  const messages: StubSqsMessage[] = [];
  let failuresLeft = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      if (target !== 'AmazonSQS.SendMessageBatch') {
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(
          JSON.stringify({ __type: 'com.amazonaws.sqs#InvalidAction', message: `unsupported ${target}` }),
        );
        return;
      }
      const { Entries } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Entries: BatchEntry[] };
      const Successful: unknown[] = [];
      const Failed: unknown[] = [];
      for (const entry of Entries) {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          Failed.push({
            Id: entry.Id,
            SenderFault: false,
            Code: 'InternalError',
            Message: 'stubbed failure',
          });
          continue;
        }
        const messageId = randomUUID();
        messages.push({ messageId, body: entry.MessageBody });
        const md5 = createHash('md5').update(entry.MessageBody).digest('hex');
        Successful.push({ Id: entry.Id, MessageId: messageId, MD5OfMessageBody: md5 });
      }
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify({ Successful, Failed }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    queueUrl: `http://127.0.0.1:${port}/000000000000/imgfront-purge`,
    messages,
    failNextEntries(count) {
      failuresLeft += count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
