import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
// Names only, and the stack as a type: the CLI must not load the emulators (dev tools) to read the file.
import { DEMO_BUCKET, LOCAL_CREDENTIALS, LOCAL_DISTRIBUTION_ID, LOCAL_REGION } from '../../local/local-names';
import type { LocalStack } from '../../local/local-stack';
import { ImageError } from '../../shared/errors/image-error';
import { secretRefKey } from '../../shared/secrets/secret-refs';

/**
 * Where `npm start` tells the CLI how to reach its emulators: the one contract between the local
 * stack (writer) and `imgfront --local` (reader).
 */
export const DEFAULT_LOCAL_ENDPOINTS_FILE = join(
  __dirname,
  '..',
  '..',
  '.local-data',
  'local-endpoints.json',
);

const url = z.string().url();

export const localEndpointsSchema = z.object({
  /** Where viewers fetch images: the CloudFront stand-in (the base URL `imgfront url` prints). */
  serverUrl: url,
  s3Endpoint: url,
  dynamoEndpoint: url,
  registryTable: z.string().min(1),
  /** The demo bucket `npm start` seeds. */
  bucket: z.string().min(1),
  region: z.string().min(1),
  /** The emulators' static credentials (not secrets: any value works locally). */
  credentials: z.object({ accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1) }),
  /** The local CloudFront invalidation API stub; purges sent there clear the stand-in's cache. */
  cloudFront: z.object({ endpoint: url, distributionId: z.string().min(1) }),
  /** The SSM / Secrets Manager stub the stack reads signing keys from (files from before it existed lack it). */
  secretsEndpoint: url.optional(),
  /** The local stack's counters (`imgfront stats --local`); files from before it existed lack it. */
  statsUrl: url.optional(),
  /** `POST` here syncs the stack's edge store (the CLI does after its writes); files from before it existed lack it. */
  edgeSyncUrl: url.optional(),
  /** The secret reference of the stack's explain key, in that stub (`imgfront explain --local` signs with it). */
  explainKeyRef: z.string().min(1).optional(),
  /** Where the stack keeps copies of web originals (`keepOriginalCopy`); `imgfront purge --local` deletes there. */
  originalCopiesBucket: z.string().min(1).optional(),
});
export type LocalEndpoints = z.infer<typeof localEndpointsSchema>;

/** What a running local stack tells the CLI: where its servers listen. */
export function localEndpointsOf(stack: LocalStack): LocalEndpoints {
  return {
    serverUrl: stack.cdnUrl,
    s3Endpoint: stack.s3.endpoint,
    dynamoEndpoint: stack.dynamo.endpoint,
    registryTable: stack.config.registryTable,
    bucket: DEMO_BUCKET,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    cloudFront: { endpoint: stack.cloudFront.endpoint, distributionId: LOCAL_DISTRIBUTION_ID },
    secretsEndpoint: stack.secrets.endpoint,
    statsUrl: stack.statsServer.url,
    edgeSyncUrl: stack.edgeSyncServer.url,
    explainKeyRef: stack.config.explainKey && secretRefKey(stack.config.explainKey),
    originalCopiesBucket: stack.config.originalCopiesBucket,
  };
}

/** Writes the file (creating its folder); called by the local stack once its servers listen. */
export function writeLocalEndpoints(file: string, endpoints: LocalEndpoints): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(localEndpointsSchema.parse(endpoints), null, 2)}\n`);
}

/** Reads the file; a missing or malformed one says to start the local stack first. */
export function readLocalEndpoints(file: string): LocalEndpoints {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ImageError(
      'ECONNREFUSED',
      `No local stack found (${file} is missing): run \`npm start\` first`,
      {
        cause: error,
      },
    );
  }
  const parsed = localEndpointsSchema.safeParse(safeJson(text));
  if (!parsed.success) {
    throw new ImageError('EINVALID', `${file} is not a local-endpoints file: restart \`npm start\``, {
      internal: parsed.error.message,
    });
  }
  return parsed.data;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
