import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { loadConfig } from '../shared/config/config';
import { composeImageService } from '../shared/service/compose';
import { createBufferedHandler } from '../lambdas/transform/create-handler';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/emulators';
import { startLocalServer } from '../local/http-server';

/**
 * One benchmark server per process, so each one's peak RSS is its own. `imgfront` runs the real handler
 * behind the local function-URL server; `baseline` is the minimal proxy the issue defines: fetch the
 * same original from the same S3 server, one sharp resize + WebP encode, respond.
 */
const [mode, s3Endpoint, dynamoEndpoint, table, bucket] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const clientDefaults = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };

async function serveBaseline(): Promise<string> {
  const s3 = new S3Client({ ...clientDefaults, endpoint: s3Endpoint, forcePathStyle: true });
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    (async () => {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: url.pathname.slice(1) }));
      const original = Buffer.from(
        await (object.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
      );
      const output = await sharp(original)
        .resize(Number(url.searchParams.get('w')))
        .webp()
        .toBuffer();
      response.writeHead(200, { 'content-type': 'image/webp', 'content-length': output.byteLength });
      response.end(output);
    })().catch(() => {
      response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function serveImgfront(): Promise<string> {
  const config = loadConfig({
    IMGFRONT_REGISTRY_TABLE: table,
    IMGFRONT_S3_ENDPOINT: s3Endpoint,
    IMGFRONT_DYNAMODB_ENDPOINT: dynamoEndpoint,
  });
  const handler = createBufferedHandler(
    composeImageService(config, { log: () => undefined, clientDefaults }),
  );
  return (await startLocalServer((event, context) => handler(event, context))).url;
}

(mode === 'baseline' ? serveBaseline() : serveImgfront())
  .then((url) => process.send?.({ url }))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
