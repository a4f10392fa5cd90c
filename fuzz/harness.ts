import { PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'node:fs';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBufferedHandler } from '../lambdas/transform/create-handler';
import {
  createRegistryTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startDynamo,
  startS3,
} from '../local/emulators';
import { localContext, toFunctionUrlEvent } from '../local/function-url-event';
import { loadConfig, type Limits } from '../shared/config/config';
import { ENV } from '../shared/config/env-names';
import type { RequestLogRecord } from '../shared/log/request-log';
import { putEndpoint } from '../shared/registry/endpoint-writer';
import { createStaticSecretResolver } from '../shared/secrets/static-secret-resolver';
import { composeImageService } from '../shared/service/compose';
import type { CorpusEntry } from './corpus';
import { startMemoryOrigin } from './memory-origin';
import type { UrlTargets } from './url-arbitraries';

const BUCKET = 'imgfront-fuzz';
const TABLE = 'imgfront-fuzz';
/** Where corpus files live in both origins, and where the case's own original is served. */
const CORPUS_FOLDER = 'corpus';
const CASE_FOLDER = 'case';

export interface FuzzRequest {
  method: string;
  target: string;
  accept: string;
}

export interface FuzzResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The service's log line for the request: the internal error detail a finding should show. */
  log: RequestLogRecord | undefined;
}

export interface Harness {
  limits: Limits;
  targets: UrlTargets;
  /** Serves `body` as the web origin's `case/original.<extension>` and returns the URL path to ask for. */
  stageOriginal(body: Buffer, extension: string, chain: string): string;
  send(request: FuzzRequest): Promise<FuzzResponse>;
  close(): Promise<void>;
}

/**
 * The real transform handler (function-URL events in, buffered results out) wired to s3rver, dynalite
 * and an in-memory web origin on 127.0.0.1: the service as deployed, minus AWS.
 */
export async function startHarness(
  corpus: readonly CorpusEntry[],
  limits: Record<string, string>,
): Promise<Harness> {
  const dataDirectory = mkdtempSync(join(tmpdir(), 'imgfront-fuzz-'));
  const [s3, dynamo, web] = await Promise.all([
    startS3({ directory: dataDirectory, buckets: [BUCKET] }),
    startDynamo(),
    startMemoryOrigin(),
  ]);
  await createRegistryTable(dynamo.client, TABLE);
  const files = corpus.map((entry) => `${CORPUS_FOLDER}/${entry.file}`);
  await Promise.all(
    corpus.map(async (entry) => {
      const key = `${CORPUS_FOLDER}/${entry.file}`;
      web.put(key, entry.body);
      await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: entry.body }));
    }),
  );
  const settings = { namedTransformations: { thumb: 'w-40,h-40' }, errorCacheTtlSeconds: 60 };
  await putEndpoint(dynamo.client, TABLE, {
    id: 's3',
    isDefault: true,
    origins: [{ type: 's3', bucket: BUCKET }],
    settings: { ...settings, defaultImage: `${CORPUS_FOLDER}/photo.jpg` },
  });
  await putEndpoint(dynamo.client, TABLE, {
    id: 'web',
    origins: [{ type: 'web', baseUrl: web.baseUrl }],
    settings,
  });

  const config = loadConfig({
    [ENV.registryTable]: TABLE,
    [ENV.dynamoEndpoint]: dynamo.endpoint,
    [ENV.s3Endpoint]: s3.endpoint,
    [ENV.allowPrivateHosts]: '127.0.0.1',
    ...limits,
  });
  let lastLog: RequestLogRecord | undefined;
  const service = composeImageService(config, {
    log: (record) => void (lastLog = record),
    clientDefaults: { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS },
    secrets: createStaticSecretResolver({}),
  });
  const handler = createBufferedHandler(service);
  // An unconnected socket: the event builder only reads the request line and headers from the message.
  const socket = new Socket();
  let staged: string | undefined;

  return {
    limits: config.limits,
    targets: { endpoints: ['s3', 'web'], files },
    stageOriginal(body, extension, chain) {
      if (staged !== undefined) web.remove(staged);
      staged = `${CASE_FOLDER}/original${extension ? `.${extension}` : ''}`;
      web.put(staged, body);
      return `/web/${chain ? `tr:${encodeURIComponent(chain)}/` : ''}${staged}`;
    },
    async send(request) {
      const message = new IncomingMessage(socket);
      message.method = request.method;
      message.url = request.target;
      message.httpVersion = '1.1';
      message.headers = {
        host: 'fuzz.imgfront.local',
        ...(request.accept ? { accept: request.accept } : {}),
      };
      const event = toFunctionUrlEvent(message, Buffer.alloc(0));
      lastLog = undefined;
      const result = await handler(event, localContext(event));
      return {
        status: result.statusCode,
        headers: result.headers,
        body: Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'),
        log: lastLog,
      };
    },
    async close() {
      socket.destroy();
      await Promise.all([s3.close(), dynamo.close(), web.close()]);
      s3.client.destroy();
      dynamo.client.destroy();
      rmSync(dataDirectory, { recursive: true, force: true });
    },
  };
}
