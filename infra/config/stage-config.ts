import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';
import { z } from 'zod';
import type { ImageCdnProps } from '../index';
import { ALL_EVENT_TYPES, type EventType } from '../../shared/events/event-types';
import { DEFAULT_CORS_ALLOWED_ORIGINS } from '../edge/cors-policy';
import { InfraConfigError } from './config-error';

/** cdk.json context key holding every stage's settings. */
export const STAGES_CONTEXT_KEY = 'imgfront:stages';
/** Context key choosing the stage (`cdk synth -c stage=prod`). */
export const STAGE_CONTEXT_KEY = 'stage';
export const DEFAULT_STAGE = 'staging';

const PRICE_CLASSES = {
  PriceClass_100: cloudfront.PriceClass.PRICE_CLASS_100,
  PriceClass_200: cloudfront.PriceClass.PRICE_CLASS_200,
  PriceClass_All: cloudfront.PriceClass.PRICE_CLASS_ALL,
} as const;
const arn = z.string().startsWith('arn:');
const endpointId = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be an endpoint id');

/** Webhooks: HTTPS only, one per URL, the secret a Secrets Manager name or ARN (never the value). */
const webhooksSchema = z
  .array(
    z.strictObject({
      url: z.url({ protocol: /^https$/, error: 'must be an https:// URL' }),
      events: z
        .array(z.enum(ALL_EVENT_TYPES as [EventType, ...EventType[]]))
        .min(1)
        .refine((types) => new Set(types).size === types.length, 'must not repeat an event type'),
      secret: z
        .string()
        .regex(/^(arn:[^\s]+|[A-Za-z0-9/_+=.@-]{1,512})$/, 'must be a Secrets Manager secret name or ARN'),
    }),
  )
  .max(50)
  .refine(
    (hooks) => new Set(hooks.map((hook) => hook.url)).size === hooks.length,
    'must list each URL once (merge their events)',
  )
  .default([]);

const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');
const regionName = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-1');

/** One stage's settings as written in cdk.json; unknown keys are refused so typos cannot pass silently. */
export const stageSettingsSchema = z
  .object({
    account: accountId.optional(),
    region: regionName.optional(),
    retainData: z.boolean().default(false),
    transformMemoryMb: z.number().int().min(512).max(10_240).default(2048),
    logRetentionDays: z.enum(logs.RetentionDays).default(logs.RetentionDays.ONE_MONTH),
    accessLogRetentionDays: z.number().int().min(1).default(90),
    createOriginBucket: z.boolean().default(true),
    importedOriginBuckets: z
      .array(
        z.strictObject({
          bucketName: z
            .string()
            .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name'),
          keyPrefix: z.string().optional(),
          encryptionKeyArn: arn.optional(),
          account: accountId.optional(),
          region: regionName.optional(),
        }),
      )
      .default([]),
    originRoleArns: z.array(arn).default([]),
    secretNamePrefix: z.string().min(1).default('imgfront/'),
    priceClass: z.enum(['PriceClass_100', 'PriceClass_200', 'PriceClass_All']).default('PriceClass_100'),
    corsAllowedOrigins: z
      .array(z.string().min(1))
      .min(1)
      .default([...DEFAULT_CORS_ALLOWED_ORIGINS]),
    customDomain: z
      .strictObject({
        domainNames: z.array(z.string().min(1)).min(1),
        certificateArn: arn.optional(),
        hostedZone: z
          .strictObject({ hostedZoneId: z.string().min(1), zoneName: z.string().min(1) })
          .optional(),
      })
      .optional(),
    originShieldRegion: z.string().min(1).optional(),
    /** Origin Shield in the Region AWS recommends for the stage's Region. */
    originShield: z.boolean().default(false),
    /** Concurrency reserved for (and capped at) the transform function. */
    transformReservedConcurrency: z.number().int().min(1).optional(),
    /** Tags on every resource, beside `project` and `stage`. */
    tags: z.record(z.string().min(1).max(128), z.string().max(256)).default({}),
    webAcl: z
      .strictObject({
        webAclArn: arn.optional(),
        requestsPerFiveMinutesPerIp: z.number().int().min(10).optional(),
      })
      .optional(),
    fiveXxAlarmThresholdPercent: z.number().positive().max(100).default(5),
    errorRateAlarmThresholdPercent: z.number().positive().max(100).default(5),
    /** Endpoints with an error-rate alarm of their own (Metrics Insights alarms: 200 per account). */
    alarmEndpoints: z.array(endpointId).max(20).default([]),
    alarmEmail: z.email().optional(),
    /** `fo-face` on endpoints that enable it: grants the transform `rekognition:DetectFaces`. */
    faceDetection: z.boolean().default(false),
    /** The `imgfront explain` key: `ssm:/imgfront/...` or `secretsmanager:imgfront/...` (absent: explain off). */
    explainKey: z.string().min(1).optional(),
    /** X-Ray active tracing on every function, with Powertools Tracer on. */
    tracing: z.boolean().default(false),
    /** Share of invocations (0-1) whose logs include DEBUG lines (`POWERTOOLS_LOGGER_SAMPLE_RATE`). */
    debugLogSampleRate: z.number().min(0).max(1).default(0),
    /**
     * Endpoint ids with `settings.deviceLimits`: the edge keys their cache on the device class. An
     * endpoint with limits missing here serves every device the same (never a wrongly cached size).
     */
    deviceLimitEndpoints: z.array(endpointId).max(20).default([]),
    /** HTTPS receivers of imgfront's events (see README "Webhooks"). */
    webhooks: webhooksSchema,
    /** The playground page on the distribution under `/playground/*` (see README "Playground"). */
    playground: z.boolean().default(false),
  })
  .strict();

/** A stage's settings after defaults, plus its name. */
export type StageConfig = z.infer<typeof stageSettingsSchema> & { readonly name: string };

/**
 * Reads the stage chosen with `-c stage=<name>` (default `staging`) from the `imgfront:stages`
 * context in cdk.json. A missing stage or a wrong setting fails the synth with a message naming it.
 */
export function loadStageConfig(node: Node): StageConfig {
  const name = String(node.tryGetContext(STAGE_CONTEXT_KEY) ?? DEFAULT_STAGE);
  const stages: Record<string, unknown> = node.tryGetContext(STAGES_CONTEXT_KEY) ?? {};
  if (!Object.hasOwn(stages, name)) {
    const known = Object.keys(stages).join(', ') || 'none';
    throw new InfraConfigError(
      `Unknown stage "${name}" (cdk.json "${STAGES_CONTEXT_KEY}" defines: ${known})`,
    );
  }
  const parsed = stageSettingsSchema.safeParse(stages[name] ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(stage)'}: ${issue.message}`,
    );
    throw new InfraConfigError(`Stage "${name}" in cdk.json is invalid: ${problems.join('; ')}`);
  }
  return { ...parsed.data, name };
}

/** The construct props a stage's settings stand for. */
export function imageCdnProps(stage: StageConfig): ImageCdnProps {
  return {
    retainData: stage.retainData,
    transformMemorySize: stage.transformMemoryMb,
    logRetention: stage.logRetentionDays,
    accessLogRetention: Duration.days(stage.accessLogRetentionDays),
    createOriginBucket: stage.createOriginBucket,
    importedOriginBuckets: stage.importedOriginBuckets,
    originRoleArns: stage.originRoleArns,
    secretNamePrefix: stage.secretNamePrefix,
    priceClass: PRICE_CLASSES[stage.priceClass],
    corsAllowedOrigins: stage.corsAllowedOrigins,
    customDomain: stage.customDomain,
    originShieldRegion: stage.originShieldRegion,
    originShield: stage.originShield,
    transformReservedConcurrency: stage.transformReservedConcurrency,
    tags: stage.tags,
    stageName: stage.name,
    webAcl: stage.webAcl,
    fiveXxAlarmThresholdPercent: stage.fiveXxAlarmThresholdPercent,
    errorRateAlarmThresholdPercent: stage.errorRateAlarmThresholdPercent,
    alarmEndpoints: stage.alarmEndpoints,
    alarmEmail: stage.alarmEmail,
    faceDetection: stage.faceDetection,
    explainKey: stage.explainKey,
    tracing: stage.tracing,
    debugLogSampleRate: stage.debugLogSampleRate,
    deviceLimitEndpoints: stage.deviceLimitEndpoints,
    webhooks: stage.webhooks,
    playground: stage.playground,
  };
}
