import { join } from 'node:path';
import { demoImages } from './demo-images';
import { DEMO_BUCKET, putObject, startLocalStack } from './local-stack';

/** `npm start`: the local stack on PORT (default 3000), seeded with demo images and a `demo` endpoint. */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const stack = await startLocalStack({ dataDirectory: join(__dirname, '..', '.local-data', 's3'), port });
  await Promise.all(
    (await demoImages()).map((image) =>
      putObject(stack, DEMO_BUCKET, image.key, image.body, image.contentType),
    ),
  );
  await stack.putEndpoint({ id: 'demo', isDefault: true, origins: [{ type: 's3', bucket: DEMO_BUCKET }] });

  const examples = [
    '/demo/tr:w-400/photos/landscape.jpg',
    '/demo/tr:w-300,h-300,fo-auto/photos/large.jpg',
    '/demo/photos/landscape.jpg?tr=w-600,h-300,cm-pad_resize,bg-F3F3F3',
    '/demo/tr:w-200,rt-90:e-grayscale/logo.png',
    '/demo/tr:w-120/animated.gif',
    '/demo/tr:orig-true/photos/landscape.jpg',
  ];
  console.log(`imgfront local stack is up.
  S3 (s3rver):        ${stack.s3.endpoint}  bucket "${DEMO_BUCKET}"
  DynamoDB (dynalite): ${stack.dynamo.endpoint}  table "${stack.config.registryTable}"
  Image server:       ${stack.url}

Try these in a browser:
${examples.map((path) => `  ${stack.url.replace('127.0.0.1', 'localhost')}${path}`).join('\n')}
`);
  const stop = () => {
    stack.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
