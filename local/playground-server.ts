import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signExplainToken } from '../shared/explain/explain-token';
import { listEndpoints } from '../shared/registry/list-endpoints';
import type { Endpoint, SecretRef } from '../shared/registry/endpoint-schema';
import type { SecretResolver } from '../shared/secrets/secret-resolver';
import { buildPlayground, type PlaygroundFile } from '../playground/build';
import {
  PLAYGROUND_CONFIG_FILE,
  PLAYGROUND_PATH,
  type PlaygroundConfig,
  type PlaygroundEndpoint,
} from '../playground/playground-config';

export interface PlaygroundServerOptions {
  dynamo: DynamoDBClient;
  registryTable: string;
  s3: S3Client;
  /** The explain key's reference and the resolver holding it: the server mints tokens, never sends the key. */
  explainKey: SecretRef | undefined;
  secrets: SecretResolver;
}

export interface PlaygroundServer {
  url: string;
  close(): Promise<void>;
}

/** Keys offered per endpoint in the image picker: enough to choose from, never a whole bucket. */
const MAX_LISTED_IMAGES = 50;
/** The page refetches its config on load; a token outliving a long session is not needed. */
const EXPLAIN_TOKEN_SECONDS = 900;
const IMAGE_KEY = /\.(jpe?g|png|webp|avif|gif|svg|tiff?)$/i;

/** The first image keys of the endpoint's S3 origins, under each origin's prefix, relative to it. */
async function imagesOf(endpoint: Endpoint, s3: S3Client): Promise<string[]> {
  const listed = await Promise.all(
    endpoint.origins.flatMap((origin) => {
      if (origin.type !== 's3') return [];
      const prefix = origin.prefix ? `${origin.prefix.replace(/\/+$/, '')}/` : '';
      return [
        s3
          .send(new ListObjectsV2Command({ Bucket: origin.bucket, Prefix: prefix, MaxKeys: 200 }))
          .then((page) =>
            (page.Contents ?? []).flatMap((object) => (object.Key ? [object.Key.slice(prefix.length)] : [])),
          ),
      ];
    }),
  );
  return [...new Set(listed.flat().filter((key) => IMAGE_KEY.test(key)))].sort().slice(0, MAX_LISTED_IMAGES);
}

async function playgroundConfig(options: PlaygroundServerOptions): Promise<PlaygroundConfig> {
  const { endpoints } = await listEndpoints(options.dynamo, options.registryTable);
  const described = await Promise.all(
    endpoints.map(async (endpoint): Promise<PlaygroundEndpoint> => ({
      id: endpoint.id,
      isDefault: endpoint.isDefault,
      settings: {
        dialect: endpoint.settings.dialect,
        signing: { required: endpoint.settings.signing.required, scheme: endpoint.settings.signing.scheme },
      },
      images: await imagesOf(endpoint, options.s3),
    })),
  );
  const explainToken =
    options.explainKey === undefined
      ? undefined
      : signExplainToken(
          await options.secrets.resolve(options.explainKey),
          Math.floor(Date.now() / 1000) + EXPLAIN_TOKEN_SECONDS,
        );
  return { endpoints: described.sort((a, b) => a.id.localeCompare(b.id)), explainToken };
}

/** The page's headers: its own scripts only, and images from its own origin (object URLs included). */
const PAGE_HEADERS = {
  'x-content-type-options': 'nosniff',
  'content-security-policy':
    "default-src 'self'; img-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'cache-control': 'no-cache',
};

function answer(response: ServerResponse, status: number, contentType: string, body: Buffer | string): void {
  response.writeHead(status, { ...PAGE_HEADERS, 'content-type': contentType });
  response.end(body);
}

/**
 * The playground as the local CDN's `/playground/*` behaviour serves it: the page built once on first
 * request, and `config.json` written from the registry and the S3 buckets on every request.
 */
export async function startPlaygroundServer(options: PlaygroundServerOptions): Promise<PlaygroundServer> {
  let built: PlaygroundFile[] | undefined;
  const server = createServer((request, response) => {
    request.resume();
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const name = path === PLAYGROUND_PATH ? 'index.html' : path.slice(PLAYGROUND_PATH.length);
    if (!path.startsWith(PLAYGROUND_PATH) || !['GET', 'HEAD'].includes(request.method ?? '')) {
      answer(response, 404, 'text/plain; charset=utf-8', 'Not found\n');
      return;
    }
    const serve =
      name === PLAYGROUND_CONFIG_FILE
        ? playgroundConfig(options).then((config) =>
            answer(response, 200, 'application/json; charset=utf-8', JSON.stringify(config)),
          )
        : Promise.resolve().then(() => {
            const files = (built ??= buildPlayground());
            const file = files.find((candidate) => candidate.name === name);
            if (file) answer(response, 200, file.contentType, file.body);
            else answer(response, 404, 'text/plain; charset=utf-8', 'Not found\n');
          });
    serve.catch((error: unknown) => {
      // A failed build is not kept: the next request tries again.
      built = undefined;
      console.error('playground failed', error);
      answer(response, 500, 'text/plain; charset=utf-8', 'The playground could not be served\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
