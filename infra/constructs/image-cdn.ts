import { Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULT_CORS_ALLOWED_ORIGINS } from '../edge/cors-policy';
import { EdgeSyncFunction } from '../functions/edge-sync-function';
import { InvalidatorFunction } from '../functions/invalidator-function';
import { TransformFunction } from '../functions/transform-function';
import { VersionWriterFunction } from '../functions/version-writer-function';
import {
  createLogsBucket,
  createOriginalCopiesBucket,
  createOriginBucket,
  importOriginBucket,
  isForeignBucket,
  type ImportedOriginBucket,
  type OriginBucket,
} from './buckets';
import { CdnAlarms } from './cdn-alarms';
import { CdnDashboard } from './cdn-dashboard';
import type { CacheableErrorStatus } from './cdn-policies';
import { deploysToUsEast1, type CustomDomainProps } from './custom-domain';
import { assertCloudFrontCanLog } from './cloudfront-logs';
import { EventDelivery, type WebhookProps } from './event-delivery';
import { ObjectEventForwarding } from './object-event-forwarding';
import { ImageDistribution, type ExistingDistributionProps } from './image-distribution';
import { originShieldRegion } from './origin-shield';
import { PlaygroundSite } from './playground-site';
import { createDeadLetterQueue, PurgeQueue } from './purge-queue';
import { createRegistryTable } from './registry-table';
import type { WebAclProps } from './web-acl';

/** Settings of one image CDN. Every one has a default, so `new ImageCdn(this, 'Cdn')` deploys. */
export interface ImageCdnProps {
  /**
   * Keep data when the stack is deleted: RETAIN and deletion protection on the registry table,
   * RETAIN on the origin and logs buckets and the log groups.
   * @default false
   */
  readonly retainData?: boolean;
  /**
   * Transform Lambda memory in MB (CPU grows with memory; sharp uses every core it gets).
   * @default 2048
   */
  readonly transformMemorySize?: number;
  /**
   * How long Lambda logs are kept.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * How long CloudFront and S3 access logs are kept.
   * @default Duration.days(90)
   */
  readonly accessLogRetention?: Duration;
  /**
   * Create a private bucket for originals, wired to the version writer.
   * @default true
   */
  readonly createOriginBucket?: boolean;
  /**
   * Existing buckets of originals, imported by name: the transform may read them (under their
   * prefix) and their EventBridge object events reach the version writer.
   * @default []
   */
  readonly importedOriginBuckets?: ImportedOriginBucket[];
  /**
   * Roles the transform may assume to read cross-account origin buckets (an S3 origin's `roleArn`).
   * @default []
   */
  readonly originRoleArns?: string[];
  /**
   * Secrets that endpoints reference (signing keys, origin credentials) must be named under this
   * prefix: SSM parameters `/<prefix>...`, Secrets Manager secrets `<prefix>...`.
   * @default 'imgfront/'
   */
  readonly secretNamePrefix?: string;
  /**
   * Edge locations that serve the images.
   * @default cloudfront.PriceClass.PRICE_CLASS_100
   */
  readonly priceClass?: cloudfront.PriceClass;
  /**
   * Origins allowed to read images with CORS (and to see `Server-Timing`).
   * @default ['*']
   */
  readonly corsAllowedOrigins?: string[];
  /**
   * Minimum error caching per status, merged over `DEFAULT_ERROR_CACHING`.
   * @default DEFAULT_ERROR_CACHING
   */
  readonly errorCaching?: Partial<Record<CacheableErrorStatus, Duration>>;
  /**
   * A custom domain with its certificate (TLS 1.2_2021 minimum).
   * @default the distribution's cloudfront.net domain
   */
  readonly customDomain?: CustomDomainProps;
  /**
   * Region of CloudFront Origin Shield; it must be one that hosts Origin Shield (checked at synth).
   * @default no Origin Shield, unless `originShield`
   */
  readonly originShieldRegion?: string;
  /**
   * Turn on Origin Shield in the Region AWS's table recommends for the stack's Region (a synth error
   * where the table has none). `originShieldRegion` wins when both are set.
   * @default false
   */
  readonly originShield?: boolean;
  /**
   * Add imgfront's behaviours to this distribution (on each of its path patterns) instead of creating
   * one. The team's distribution keeps its domain, certificate, web ACL, logs and error responses.
   * @default a new distribution
   */
  readonly existingDistribution?: ExistingDistributionProps;
  /**
   * The bucket CloudFront writes standard logs to. Required in opt-in Regions, where CloudFront
   * delivers no logs to local buckets: give one in a Region that is not opt-in, with ACLs enabled.
   * @default the access-logs bucket this construct creates
   */
  readonly cloudFrontLogsBucket?: s3.IBucket;
  /**
   * How long a kept copy of a web original (endpoint setting `keepOriginalCopy`) may live in the copies
   * bucket when no purge deletes it first (an S3 lifecycle expiration; ImageKit keeps originals 180 days).
   * @default Duration.days(180)
   */
  readonly originalCopyRetention?: Duration;
  /**
   * Concurrent executions reserved for (and capped at) the transform function.
   * @default none (the account's unreserved pool)
   */
  readonly transformReservedConcurrency?: number;
  /**
   * Tags for every resource, beside `project: imgfront` (and `stage` when `stageName` is set).
   * @default {}
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * The stage this CDN belongs to, tagged as `stage` on every resource.
   * @default no stage tag
   */
  readonly stageName?: string;
  /**
   * A WAF web ACL in front of the distribution.
   * @default no web ACL
   */
  readonly webAcl?: WebAclProps;
  /**
   * Endpoints with `settings.deviceLimits`: only their URLs key the cache on the viewer's device class.
   * @default none (device limits apply to no request)
   */
  readonly deviceLimitEndpoints?: readonly string[];
  /**
   * Alarm when this share of origin responses (and, in us-east-1, of all responses) is 5xx.
   * @default 5 (percent)
   */
  readonly fiveXxAlarmThresholdPercent?: number;
  /**
   * Alarm when this share of requests fails (imgfront's own `Errors` / `Requests`, every code).
   * @default 5 (percent)
   */
  readonly errorRateAlarmThresholdPercent?: number;
  /**
   * Endpoints that get an error-rate alarm of their own (besides the overall one).
   * @default none
   */
  readonly alarmEndpoints?: readonly string[];
  /**
   * Let endpoints with `settings.faceDetection` use `fo-face`: the transform may call Amazon Rekognition
   * `DetectFaces` (billed per image analysed). Off, `fo-face` answers 400 on every endpoint.
   * @default false
   */
  readonly faceDetection?: boolean;
  /**
   * The secret reference of the key `imgfront explain` signs its `imgfront-explain` tokens with
   * (`ssm:/imgfront/<stage>/explain-key` or `secretsmanager:imgfront/<stage>/explain-key`), named under
   * `secretNamePrefix`. Absent, every `imgfront-explain` request is refused.
   * @default explain off
   */
  readonly explainKey?: string;
  /**
   * AWS X-Ray active tracing on every function (`tracing: lambda.Tracing.ACTIVE`), with Powertools
   * Tracer on (`POWERTOOLS_TRACE_ENABLED`). Billed per trace recorded.
   * @default false
   */
  readonly tracing?: boolean;
  /**
   * Share of invocations (0-1) whose logs include DEBUG lines (`POWERTOOLS_LOGGER_SAMPLE_RATE`).
   * @default 0
   */
  readonly debugLogSampleRate?: number;
  /**
   * Email address subscribed to the alarm topic.
   * @default no subscription
   */
  readonly alarmEmail?: string;
  /**
   * HTTPS receivers of imgfront's events, each through an EventBridge rule and the webhook signer Lambda.
   * @default none (events still reach the bus)
   */
  readonly webhooks?: readonly WebhookProps[];
  /**
   * Deploy the playground page (static files, no secrets) on the distribution under `/playground/*`.
   * @default false
   */
  readonly playground?: boolean;
}

/**
 * The whole image CDN: CloudFront with a viewer-request function in front of the transform
 * Lambda's function URL (OAC), the registry table, origin buckets whose object events reach the
 * version writer, the purge queue drained by the invalidator, the event bus and its webhooks, access
 * logs and alarms.
 */
export class ImageCdn extends Construct {
  readonly registryTable: dynamodb.Table;
  readonly transform: TransformFunction;
  readonly versionWriter: VersionWriterFunction;
  readonly invalidator: InvalidatorFunction;
  readonly edgeSync: EdgeSyncFunction;
  readonly purgeQueue: PurgeQueue;
  readonly objectEventsDeadLetterQueue: sqs.Queue;
  readonly logsBucket: s3.Bucket;
  readonly originBucket: s3.Bucket | undefined;
  /** Kept copies of web originals, for endpoints with `keepOriginalCopy`. */
  readonly originalCopies: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly alarms: CdnAlarms;
  readonly events: EventDelivery;
  readonly dashboard: CdnDashboard;
  /** The playground page's bucket and behaviour, with `playground: true`. */
  readonly playground: PlaygroundSite | undefined;

  constructor(scope: Construct, id: string, props: ImageCdnProps = {}) {
    super(scope, id);
    const retainData = props.retainData ?? false;
    const removalPolicy = retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const functionProps = {
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy,
      tracing: props.tracing,
      debugLogSampleRate: props.debugLogSampleRate,
    };
    this.tagEverything(props);
    const stackRegion = Stack.of(this).region;
    if (!props.existingDistribution)
      assertCloudFrontCanLog(stackRegion, props.cloudFrontLogsBucket !== undefined);

    this.registryTable = createRegistryTable(this, 'Registry', { retainData });
    this.logsBucket = createLogsBucket(this, 'AccessLogs', {
      retainData,
      expiration: props.accessLogRetention ?? Duration.days(90),
    });
    this.purgeQueue = new PurgeQueue(this, 'Purge');
    this.objectEventsDeadLetterQueue = createDeadLetterQueue(this, 'ObjectEventsDeadLetters');

    this.transform = new TransformFunction(this, 'Transform', {
      ...functionProps,
      memorySize: props.transformMemorySize,
      reservedConcurrentExecutions: props.transformReservedConcurrency,
    });
    this.transform.bindRegistry(this.registryTable);
    this.transform.bindSecrets(props.secretNamePrefix ?? 'imgfront/');
    this.transform.bindOriginRoles(props.originRoleArns ?? []);
    if (props.faceDetection) this.transform.bindFaceDetection();
    if (props.explainKey !== undefined)
      this.transform.bindExplainKey(props.explainKey, props.secretNamePrefix ?? 'imgfront/');

    this.versionWriter = new VersionWriterFunction(this, 'VersionWriter', {
      ...functionProps,
      deadLetterQueue: this.objectEventsDeadLetterQueue,
    });
    this.versionWriter.bindRegistry(this.registryTable);
    this.versionWriter.bindPurgeQueue(this.purgeQueue.queue);

    this.originBucket =
      props.createOriginBucket === false
        ? undefined
        : createOriginBucket(this, 'Originals', { retainData, logsBucket: this.logsBucket });
    for (const origin of this.originBuckets(props)) {
      this.transform.bindOriginBucket(origin.bucket, origin.keyPrefix, origin.encryptionKey);
      this.versionWriter.watchBucket(origin.bucket);
    }
    this.originalCopies = createOriginalCopiesBucket(this, 'OriginalCopies', {
      retainData,
      logsBucket: this.logsBucket,
      expiration: props.originalCopyRetention ?? Duration.days(180),
    });
    this.transform.bindOriginalCopies(this.originalCopies);
    const foreignBuckets = (props.importedOriginBuckets ?? []).filter((bucket) =>
      isForeignBucket(bucket, Stack.of(this)),
    );
    if (foreignBuckets.length > 0) new ObjectEventForwarding(this, 'ObjectEventForwarding', foreignBuckets);

    const cdn = new ImageDistribution(this, 'Cdn', {
      functionUrl: this.transform.functionUrl,
      logsBucket: props.cloudFrontLogsBucket ?? this.logsBucket,
      priceClass: props.priceClass ?? cloudfront.PriceClass.PRICE_CLASS_100,
      corsAllowedOrigins: props.corsAllowedOrigins ?? DEFAULT_CORS_ALLOWED_ORIGINS,
      errorCaching: props.errorCaching,
      customDomain: props.customDomain,
      originShieldRegion: originShieldRegion({
        explicit: props.originShieldRegion,
        auto: props.originShield,
        stackRegion,
      }),
      webAcl: props.webAcl,
      deviceLimitEndpoints: props.deviceLimitEndpoints,
      existingDistribution: props.existingDistribution,
    });
    this.distribution = cdn.distribution;
    // Every route to the function URL runs the viewer function (new or existing distribution).
    this.transform.bindEdgeSignatures();
    this.edgeSync = new EdgeSyncFunction(this, 'EdgeSync', functionProps);
    this.edgeSync.bindRegistry(this.registryTable);
    this.edgeSync.bindSecrets(props.secretNamePrefix ?? 'imgfront/');
    this.edgeSync.bindEdgeStore(cdn.edgeStore);
    this.edgeSync.watchRegistry(this.registryTable);

    this.playground = props.playground
      ? new PlaygroundSite(this, 'Playground', {
          distribution: this.distribution,
          logsBucket: this.logsBucket,
        })
      : undefined;

    // Set after the distribution exists: the transform never needs its id, so no cycle forms.
    this.invalidator = new InvalidatorFunction(this, 'Invalidator', functionProps);
    this.invalidator.bindRegistry(this.registryTable);
    this.invalidator.bindPurgeQueue(this.purgeQueue.queue);
    this.invalidator.bindDistribution(this.distribution);
    this.invalidator.bindOriginalCopies(this.originalCopies);
    this.invalidator.scheduleCompletionChecks();

    this.events = new EventDelivery(this, 'Events', { webhooks: props.webhooks, functionProps });
    for (const fn of [this.transform, this.versionWriter, this.invalidator]) fn.bindEvents(this.events.bus);

    this.alarms = new CdnAlarms(this, 'Alarms', {
      transform: this.transform.handler,
      functions: {
        Transform: this.transform.handler,
        VersionWriter: this.versionWriter.handler,
        Invalidator: this.invalidator.handler,
        EdgeSync: this.edgeSync.handler,
      },
      deadLetterQueues: {
        PurgeDeadLetters: this.purgeQueue.deadLetterQueue,
        ObjectEventsDeadLetters: this.objectEventsDeadLetterQueue,
        WebhookDeadLetters: this.events.deadLetterQueue,
      },
      distribution: deploysToUsEast1(this) ? this.distribution : undefined,
      fiveXxRatePercent: props.fiveXxAlarmThresholdPercent ?? 5,
      purgeQueue: this.purgeQueue.queue,
      errorRatePercent: props.errorRateAlarmThresholdPercent ?? 5,
      alarmEndpoints: props.alarmEndpoints,
      email: props.alarmEmail,
    });
    this.dashboard = new CdnDashboard(this, 'Dashboard', {
      transform: this.transform.handler,
      distribution: this.distribution,
      purgeQueue: this.purgeQueue.queue,
      purgeDeadLetterQueue: this.purgeQueue.deadLetterQueue,
      alarms: this.alarms.alarms,
    });
  }

  private tagEverything(props: ImageCdnProps): void {
    const tags = {
      project: 'imgfront',
      ...(props.stageName === undefined ? {} : { stage: props.stageName }),
      ...props.tags,
    };
    for (const [key, value] of Object.entries(tags)) Tags.of(this).add(key, value);
  }

  private originBuckets(props: ImageCdnProps): OriginBucket[] {
    const imported = (props.importedOriginBuckets ?? []).map((spec) =>
      importOriginBucket(this, `Origin-${spec.bucketName}`, spec),
    );
    return this.originBucket ? [{ bucket: this.originBucket, keyPrefix: '' }, ...imported] : imported;
  }
}
