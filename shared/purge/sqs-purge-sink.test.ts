import { SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../local/emulators';
import { ImageError } from '../errors/image-error';
import type { PurgeMessage } from './purge-message';
import { createSqsPurgeSink } from './sqs-purge-sink';
import { startSqsStub, type SqsStub } from './testing/sqs-stub';

let sqs: SqsStub;
let client: SQSClient;

beforeEach(async () => {
  sqs = await startSqsStub();
  client = new SQSClient({
    endpoint: new URL(sqs.queueUrl).origin,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
});
afterEach(async () => {
  client.destroy();
  await sqs.close();
});

const message = (index: number): PurgeMessage => ({
  paths: [`/demo/${index}.jpg*`],
  requestedAt: 1_700_000_000_000,
});

describe('SQS purge sink', () => {
  it('sends every message as a JSON body, ten per SendMessageBatch', async () => {
    const sink = createSqsPurgeSink({ client, queueUrl: sqs.queueUrl });
    await sink.send(Array.from({ length: 23 }, (_, index) => message(index)));
    expect(sqs.messages).toHaveLength(23);
    expect(JSON.parse(sqs.messages[22]?.body ?? '')).toEqual(message(22));
  });

  it('resends entries SQS failed transiently', async () => {
    const sink = createSqsPurgeSink({ client, queueUrl: sqs.queueUrl });
    sqs.failNextEntries(3);
    await sink.send(Array.from({ length: 5 }, (_, index) => message(index)));
    expect(sqs.messages.map((sent) => JSON.parse(sent.body).paths[0]).sort()).toEqual(
      Array.from({ length: 5 }, (_, index) => `/demo/${index}.jpg*`).sort(),
    );
  });

  it('fails with a transient error when SQS keeps failing an entry', async () => {
    const sink = createSqsPurgeSink({ client, queueUrl: sqs.queueUrl });
    sqs.failNextEntries(100);
    const failure = await sink.send([message(1)]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ImageError);
    expect(failure).toMatchObject({ retryable: true });
  });
});
