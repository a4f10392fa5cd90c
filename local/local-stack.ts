import type { Metrics } from '@aws-lambda-powertools/metrics';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { AwsClientDefaults } from '../shared/aws/client-defaults';
import { loadConfig, type ServiceConfig } from '../shared/config/config';
import { ENV } from '../shared/config/env-names';
import { requestLogTo, type RequestLogger } from '../shared/log/request-log';
import { putEndpoint } from '../shared/registry/endpoint-writer';
import type { EndpointInput } from '../shared/registry/endpoint-schema';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { createAwsSecretResolver } from '../shared/secrets/aws-secret-resolver';
import { composeImageService } from '../shared/service/compose';
import { createBufferedHandler } from '../lambdas/transform/create-handler';
import { createRegistryTable, startDynamo, startS3, type RunningDynamo, type RunningS3 } from './emulators';
import {
  DEMO_BUCKET,
  LOCAL_CREDENTIALS,
  LOCAL_DISTRIBUTION_ID,
  LOCAL_COPIES_BUCKET,
  LOCAL_EXPLAIN_KEY_REF,
  LOCAL_REGION,
} from './local-names';
import { startLocalServer, type LocalServer } from './http-server';
import { startCdnStandIn } from './cdn-stand-in';
import { createLocalEdgeStore } from './local-edge-store';
import { registryEdgeEntries, syncEdgeStore, type EdgeSyncResult } from '../shared/edge/edge-store-sync';
import { startEdgeSyncServer, type EdgeSyncServer } from './edge-sync-server';
import { startPlaygroundServer } from './playground-server';
import { PLAYGROUND_PATH } from '../playground/playground-config';
import { createLocalStats, type LocalStats } from './local-stats';
import { startStatsServer, type StatsServer } from './stats-server';
import { startCloudFrontStub, type CloudFrontStub } from './cloudfront-stub';
import { DEMO_FACE_COLOUR, DEMO_FACE_TOLERANCE } from './demo-images';
import { markerFaces, startRekognitionStub, type RekognitionStub, type StubFaces } from './rekognition-stub';
import { createS3EventAdapter } from './s3-event-bridge';
import { startSecretsStub, type SecretsStub } from './secrets-stub';
import { composeEventPublisher } from '../shared/events/compose-event-publisher';
import { silentEventLog } from '../shared/log/event-log';
import { SERVICE_NAME, type ServiceName } from '../shared/log/logger';
import { createMetrics, flushMetrics } from '../shared/metrics/metrics';
import { createTelemetry, type Telemetry } from '../shared/runtime/telemetry';
import { executionEnvironments } from './execution-environments';
import { composeInvalidator } from '../shared/purge/compose-invalidator';
import { createInProcessPurgeQueue } from '../shared/purge/in-process-purge-queue';
import { composeVersionWriter } from '../shared/versioning/compose-version-writer';

export { DEMO_BUCKET, LOCAL_DISTRIBUTION_ID };
export const REGISTRY_TABLE = 'imgfront-registry';

export interface LocalStackOptions {
  /** Where s3rver keeps objects. */
  dataDirectory: string;
  /** HTTP port of the CloudFront stand-in (what browsers use); 0 picks a free one. */
  port?: number;
  /** Extra environment-style settings, e.g. limits, on top of the local defaults. */
  env?: Record<string, string>;
  log?: RequestLogger;
  /**
   * Whether the functions print their metrics (CloudWatch EMF lines on stdout) as in AWS.
   * @default true, unless `log` captures the request lines (tests)
   */
  metrics?: boolean;
  /** Secret values by reference (`ssm:<name>`, `secretsmanager:<id>`), preloaded into the secrets stub. */
  secrets?: Record<string, string>;
  /** What the Rekognition stub finds. @default the demo's marker-coloured faces ({@link DEMO_FACE_COLOUR}) */
  faces?: StubFaces;
  /** Endpoints whose device class the CDN stand-in keys on, as a deployment lists them. @default none */
  deviceLimitEndpoints?: readonly string[];
  /** How often purges in progress are checked (the invalidator's schedule in AWS). @default 1000 */
  purgeCheckIntervalMs?: number;
  /**
   * How often the edge store catches up with writes nobody announced (the registry stream and the
   * schedule in AWS); the CLI's own writes sync at once through {@link LocalStack.edgeSyncServer}.
   * @default 1000
   */
  edgeSyncIntervalMs?: number;
}

export interface LocalStack {
  /** The function URL stand-in: the transform handler, uncached. */
  url: string;
  /** The CloudFront stand-in in front of it: viewer-request function, response cache, purges. */
  cdnUrl: string;
  /** The playground page on the CDN (its `/playground/*` behaviour), with the registry's endpoints. */
  playgroundUrl: string;
  cloudFront: CloudFrontStub;
  /** Rekognition `DetectFaces` for `fo-face` on endpoints with `settings.faceDetection`. */
  rekognition: RekognitionStub;
  /** SSM and Secrets Manager (JSON protocol): signing keys live here; `imgfront secret put --local` writes here. */
  secrets: SecretsStub;
  s3: RunningS3;
  dynamo: RunningDynamo;
  server: LocalServer;
  /** The stack's request and cache counters, served to `imgfront stats --local` at `statsServer.url`. */
  stats: LocalStats;
  statsServer: StatsServer;
  /** Where `imgfront … --local` asks for an edge sync after its writes (the edge sync Lambda in AWS). */
  edgeSyncServer: EdgeSyncServer;
  config: ServiceConfig;
  /** Resolves once every S3 event so far has been versioned and its purge carried out. */
  settled(): Promise<void>;
  /** Brings the viewer function's KeyValueStore up to date with the registry and the secrets. */
  syncEdge(): Promise<EdgeSyncResult>;
  /** Stores an endpoint document (validated) in the local registry, then syncs the edge store. */
  putEndpoint(document: EndpointInput): Promise<void>;
  close(): Promise<void>;
}

/**
 * The whole service on one machine: s3rver, dynalite and the transform handler behind a local HTTP
 * server, wired exactly as in AWS except for the clients' endpoints.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  mkdirSync(options.dataDirectory, { recursive: true });
  const s3 = await startS3({ directory: options.dataDirectory, buckets: [DEMO_BUCKET, LOCAL_COPIES_BUCKET] });
  const dynamo = await startDynamo();
  await createRegistryTable(dynamo.client, REGISTRY_TABLE);
  const cloudFront = await startCloudFrontStub();
  const rekognition = await startRekognitionStub({
    faces: options.faces ?? markerFaces(DEMO_FACE_COLOUR, DEMO_FACE_TOLERANCE),
  });

  const config = loadConfig({
    [ENV.registryTable]: REGISTRY_TABLE,
    [ENV.dynamoEndpoint]: dynamo.endpoint,
    [ENV.s3Endpoint]: s3.endpoint,
    [ENV.allowPrivateHosts]: '127.0.0.1',
    [ENV.distributionId]: LOCAL_DISTRIBUTION_ID,
    [ENV.cloudFrontEndpoint]: cloudFront.endpoint,
    [ENV.faceDetection]: 'true',
    [ENV.rekognitionEndpoint]: rekognition.endpoint,
    [ENV.explainKeyRef]: LOCAL_EXPLAIN_KEY_REF,
    [ENV.originalCopiesBucket]: LOCAL_COPIES_BUCKET,
    // As deployed: the stand-in runs the viewer function, which verifies signatures first.
    [ENV.edgeSignatures]: 'true',
    ...options.env,
  });
  const clientDefaults: AwsClientDefaults = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  // The explain key is made here, like any deployment's; `imgfront explain --local` reads it from the stub.
  const secretsStub = await startSecretsStub({
    [LOCAL_EXPLAIN_KEY_REF]: randomBytes(32).toString('base64url'),
    ...options.secrets,
  });
  const stubClient = { ...clientDefaults, endpoint: secretsStub.endpoint, maxAttempts: 1 };
  // Read on every request, so a key written with `imgfront secret put --local` applies to the next one.
  const secrets = createAwsSecretResolver({
    ssm: new SSMClient(stubClient),
    secretsManager: new SecretsManagerClient(stubClient),
    ttlSeconds: 0,
  });
  // Tests capture request logs; they do not want the event log on stdout either.
  const silent = options.log ? silentEventLog : undefined;
  // One publisher for the whole stack: with IMGFRONT_EVENTS_URL every event is POSTed there.
  const events = composeEventPublisher(config, {
    clientDefaults,
    log: silent,
    service: SERVICE_NAME.transform,
  });
  const withMetrics = options.metrics ?? options.log === undefined;
  const stats = createLocalStats();
  const statsServer = await startStatsServer(stats);
  // Every request line is counted, then goes where it would have gone (the test's sink, or the log).
  const countedLog = (telemetry: Telemetry | undefined): RequestLogger => {
    const next = options.log ?? (telemetry ? requestLogTo(telemetry.logger) : undefined);
    return (record) => {
      stats.recordRequest(record);
      next?.(record);
    };
  };
  const startTransform = (telemetry: Telemetry | undefined) =>
    createBufferedHandler(
      composeImageService(config, { telemetry, log: countedLog(telemetry), clientDefaults, secrets, events }),
      telemetry,
    );
  // With telemetry, concurrent requests need environments of their own, as in Lambda; without it
  // nothing is per invocation and one environment serves all.
  const handler = withMetrics
    ? executionEnvironments(() => startTransform(createTelemetry(SERVICE_NAME.transform)))
    : startTransform(undefined);
  const server = await startLocalServer((event, context) => handler(event, context));
  // The function's KeyValueStore, fed by the sync code the registry stream runs in AWS.
  const edgeStore = createLocalEdgeStore();
  const syncEdge = async () =>
    syncEdgeStore(edgeStore, await registryEdgeEntries(dynamo.client, REGISTRY_TABLE, secrets));
  await syncEdge();
  const edgeSyncServer = await startEdgeSyncServer(syncEdge);
  const playground = await startPlaygroundServer({
    dynamo: dynamo.client,
    registryTable: REGISTRY_TABLE,
    s3: s3.client,
    explainKey: config.explainKey,
    secrets,
  });
  const cdn = await startCdnStandIn(server.url, options.port ?? 0, {
    deviceLimitEndpoints: options.deviceLimitEndpoints,
    edgeStore,
    onCacheLookUp: (hit) => stats.recordCache(hit),
    behaviours: [{ pathPattern: `${PLAYGROUND_PATH}*`, originUrl: playground.url }],
  });

  // Versioning and purges, as in AWS: S3 event -> version writer -> purge queue -> invalidator ->
  // CloudFront API (the stub) -> the stand-in's cache.
  // Each invocation's metrics are flushed when it ends, as the Lambdas' `logMetrics` middleware does.
  const backgroundMetrics = (name: ServiceName) =>
    withMetrics ? createMetrics(name, { serviceDimension: true }) : undefined;
  const invalidatorMetrics = backgroundMetrics(SERVICE_NAME.invalidator);
  const afterInvocation = (metrics: Metrics | undefined) => () => metrics && flushMetrics(metrics);
  const { invalidator, checkPurgesInProgress } = composeInvalidator(config, {
    clientDefaults,
    log: silent,
    events,
    metrics: invalidatorMetrics,
  });
  // As the schedule does in AWS: purges in progress are checked, and completed ones announced.
  let closing = false;
  const purgeChecks = setInterval(() => {
    checkPurgesInProgress().catch((error: unknown) => {
      if (!closing) console.error('purge completion check failed', error);
    });
  }, options.purgeCheckIntervalMs ?? 1000).unref();
  // The registry stream and the schedule, for writes that do not ask for a sync (the CLI's do): a
  // poll, since dynalite has no streams.
  const edgeSyncs = setInterval(() => {
    syncEdge().catch((error: unknown) => {
      if (!closing) console.error('edge store sync failed', error);
    });
  }, options.edgeSyncIntervalMs ?? 1000).unref();
  const purgeQueue = createInProcessPurgeQueue({
    deliver: (event) => invalidator.handleQueueBatch(event).finally(afterInvocation(invalidatorMetrics)),
    log: silent,
  });
  // The queue delivers one batch at a time; S3 events reach the version writer concurrently.
  const writeVersions = executionEnvironments(() => {
    const metrics = backgroundMetrics(SERVICE_NAME.versionWriter);
    const write = composeVersionWriter(config, {
      clientDefaults,
      sink: purgeQueue,
      log: silent,
      events,
      metrics,
    });
    return (payload: unknown) => write(payload).finally(afterInvocation(metrics));
  });
  cloudFront.onInvalidate((paths) => cdn.invalidate(paths));
  const toS3Event = createS3EventAdapter();
  const pendingWrites = new Set<Promise<unknown>>();
  s3.server.on('event', (event: Parameters<typeof toS3Event>[0]) => {
    // As deployed: only origin buckets notify the version writer, never imgfront's own copies bucket.
    if (event.Records.every((record) => record.s3.bucket?.name === LOCAL_COPIES_BUCKET)) return;
    const write = writeVersions(toS3Event(event)).catch((error: unknown) =>
      console.error('version writer failed', error),
    );
    pendingWrites.add(write);
    void write.finally(() => pendingWrites.delete(write));
  });

  return {
    url: server.url,
    cdnUrl: cdn.url,
    playgroundUrl: `${cdn.url}${PLAYGROUND_PATH}`,
    cloudFront,
    rekognition,
    secrets: secretsStub,
    s3,
    dynamo,
    server,
    stats,
    statsServer,
    edgeSyncServer,
    config,
    putEndpoint: async (document) => {
      await putEndpoint(dynamo.client, REGISTRY_TABLE, document);
      await syncEdge();
    },
    syncEdge,
    settled: async () => {
      await Promise.all(pendingWrites);
      await purgeQueue.flush();
    },
    close: async () => {
      closing = true;
      clearInterval(purgeChecks);
      clearInterval(edgeSyncs);
      purgeQueue.close();
      await Promise.all([cdn.close(), server.close(), playground.close()]);
      await Promise.all([
        s3.close(),
        dynamo.close(),
        cloudFront.close(),
        rekognition.close(),
        secretsStub.close(),
        statsServer.close(),
        edgeSyncServer.close(),
      ]);
    },
  };
}

/** Uploads an object to the local S3 server. */
export async function putObject(
  stack: LocalStack,
  bucket: string,
  key: string,
  body: Buffer,
  contentType?: string,
) {
  await stack.s3.client.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }),
  );
}
