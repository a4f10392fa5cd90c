import { join } from 'node:path';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import {
  DEFAULT_LOCAL_ENDPOINTS_FILE,
  writeLocalEndpoints,
  localEndpointsOf,
} from '../cli/local/local-endpoints';
import { ENV } from '../shared/config/env-names';
import { banner, demoImages } from './demo-images';
import { startWebFolderServer } from './web-folder-server';
import { DEMO_BUCKET, LOCAL_DISTRIBUTION_ID, putObject, startLocalStack } from './local-stack';

/** `npm start`: the local stack on PORT (default 3000), seeded with demo images and a `demo` endpoint. */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  // POWERTOOLS_DEV (pretty logs) would also switch off the EMF lines this prints as Lambda does.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'false';
  const dataDirectory = join(__dirname, '..', '.local-data');
  // The registry lives in memory, so objects start afresh too: every run has consistent versions.
  rmSync(join(dataDirectory, 's3'), { recursive: true, force: true });
  // Events reach a local receiver only when asked for, as webhooks would (see README "Events").
  const eventsEnv = Object.fromEntries(
    [ENV.eventsUrl, ENV.eventsSecret].flatMap((name) => {
      const value = process.env[name];
      return value ? [[name, value]] : [];
    }),
  );
  const stack = await startLocalStack({ dataDirectory: join(dataDirectory, 's3'), port, env: eventsEnv });

  // A web-folder fallback holding a file the bucket lacks: origins are tried in order.
  const webRoot = join(dataDirectory, 'web');
  mkdirSync(join(webRoot, 'legacy'), { recursive: true });
  writeFileSync(join(webRoot, 'legacy', 'banner.png'), await banner());
  const webFolder = await startWebFolderServer(webRoot);
  await stack.putEndpoint({
    id: 'demo',
    isDefault: true,
    origins: [
      { type: 's3', bucket: DEMO_BUCKET },
      { type: 'web', baseUrl: `${webFolder.url}/` },
    ],
    // The local Rekognition stub finds the demo's marker-coloured faces.
    settings: { faceDetection: true },
  });
  // Twins of `demo` in the other dialects: the playground writes (and the stack serves) a file in each.
  for (const dialect of ['imgix', 'thumbor', 'cloudinary'] as const) {
    await stack.putEndpoint({
      id: `demo-${dialect}`,
      origins: [{ type: 's3', bucket: DEMO_BUCKET }],
      settings: { dialect },
    });
  }

  // The endpoint before the objects, as in a real setup: the version writer maps each S3 event to the
  // endpoints serving it, so objects seeded first would be versioned against an empty registry.
  const images = await demoImages();
  await Promise.all(
    images.map((image) => putObject(stack, DEMO_BUCKET, image.key, image.body, image.contentType)),
  );

  const examples = [
    '/demo/tr:w-400/photos/landscape.jpg',
    '/demo/tr:w-300,h-300,fo-auto/photos/large.jpg',
    '/demo/tr:w-200,h-200,fo-face,z-0.7/photos/portrait.jpg',
    '/demo/tr:h-300,e-gradient-ld-top_from-1d355799_to-00000000_sp-0.6/photos/landscape.jpg',
    '/demo/photos/landscape.jpg?tr=w-600,h-300,cm-pad_resize,bg-F3F3F3',
    '/demo/tr:w-200,rt-90:e-grayscale/logo.png',
    '/demo/tr:w-120/animated.gif',
    '/demo/tr:orig-true/photos/landscape.jpg',
    '/demo/tr:w-300/legacy/banner.png   (served by the web-folder fallback)',
  ];
  // `imgfront --local` reads where everything listens from this file; purges go to the stand-in.
  writeLocalEndpoints(DEFAULT_LOCAL_ENDPOINTS_FILE, localEndpointsOf(stack));

  console.log(`imgfront local stack is up.
  S3 (s3rver):        ${stack.s3.endpoint}  bucket "${DEMO_BUCKET}"
  Web folder:         ${webFolder.url}  (${webRoot})
  DynamoDB (dynalite): ${stack.dynamo.endpoint}  table "${stack.config.registryTable}"
  CloudFront API stub: ${stack.cloudFront.endpoint}  distribution "${LOCAL_DISTRIBUTION_ID}"
  Rekognition stub:   ${stack.rekognition.endpoint}  (faces: the demo's #ffcce5 pixels)
  Function URL:       ${stack.url}  (the transform handler, uncached)
  CDN (CloudFront stand-in): ${stack.cdnUrl}  (viewer-request function + cache + purges)
  Playground:         ${stack.playgroundUrl.replace('127.0.0.1', 'localhost')}  (try transformations in a browser)
  Events:             ${eventsEnv[ENV.eventsUrl] ?? `not sent (set ${ENV.eventsUrl} to receive them)`}

Try these in a browser:
${examples.map((path) => `  ${stack.cdnUrl.replace('127.0.0.1', 'localhost')}${path}`).join('\n')}

Overwrite a file in the bucket and the next request shows the new version: S3 events -> version writer
-> purge queue -> invalidator -> the CDN's cache.
`);
  const stop = () => {
    rmSync(DEFAULT_LOCAL_ENDPOINTS_FILE, { force: true });
    Promise.all([stack.close(), webFolder.close()]).finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
