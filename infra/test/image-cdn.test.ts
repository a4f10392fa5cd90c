import { existsSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { SHIPPED_FONT_FILES } from '../../shared/transform/fonts';
import { basename, join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ENV } from '../../shared/config/env-names';
import { TABLE_KEYS } from '../../shared/registry/table-keys';
import { ALLOWED_METHODS, CACHED_METHODS } from '../edge/cache-behavior';
import { CORS_POLICY } from '../edge/cors-policy';
import { MAX_SERVER_ERROR_CACHING_SECONDS } from '../edge/error-caching';
import { loadViewerRequestFunction, viewerRequestCode } from '../edge/viewer-request-file';
import type { ImageCdnStack } from '../stacks/image-cdn-stack';
import { resourceOf, stageStack, testApp } from './synth';

// One synth for the whole file, with real bundling (esbuild + npm for sharp), as `cdk synth` does.
let stack: ImageCdnStack;
let template: Template;
let assemblyDir: string;

beforeAll(() => {
  const app = testApp({ stage: 'staging', bundle: true });
  stack = stageStack(app);
  template = Template.fromStack(stack);
  assemblyDir = app.synth().directory;
});

afterAll(() => rmSync(assemblyDir, { recursive: true, force: true }));

type Properties = Record<string, unknown> & {
  Environment?: { Variables: Record<string, unknown> };
  PolicyDocument?: { Statement: { Action: string | string[]; Resource: unknown }[] };
};
const props = (type: string, prefix: string) => resourceOf(template, type, prefix).Properties as Properties;
const logicalId = (type: string, prefix: string) =>
  Object.keys(template.findResources(type)).find((id) => id.startsWith(prefix)) ?? 'missing';
const ref = (type: string, prefix: string) => ({ Ref: logicalId(type, prefix) });
const arnOf = (type: string, prefix: string) => ({ 'Fn::GetAtt': [logicalId(type, prefix), 'Arn'] });
const statementsOf = (policyPrefix: string) =>
  props('AWS::IAM::Policy', policyPrefix).PolicyDocument?.Statement ?? [];
const actionsOf = (policyPrefix: string) =>
  statementsOf(policyPrefix).flatMap((statement) => statement.Action);
/** Every resource a policy grants `action` on. */
const resourcesOf = (policyPrefix: string, action: string) =>
  statementsOf(policyPrefix)
    .filter((statement) => [statement.Action].flat().includes(action))
    .flatMap((statement) => [statement.Resource].flat());

/** The bundled code directory of the Lambda whose logical id starts with `prefix`. */
const assetDirOf = (prefix: string) => {
  const code = props('AWS::Lambda::Function', prefix).Code as { S3Key: string };
  return join(assemblyDir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
};

/** Modules a bundle loads at run time (esbuild leaves externals as plain `require` calls). */
const requiredModules = (code: string) => [
  ...new Set([...code.matchAll(/(?<![[\w.])require\(["']([^"']+)["']\)/g)].map((match) => match[1])),
];

describe('every Lambda bundle', () => {
  it.each([
    ['ImageCdnTransformHandler', ['sharp']],
    ['ImageCdnVersionWriterHandler', []],
    ['ImageCdnInvalidatorHandler', []],
    ['ImageCdnEdgeSyncHandler', []],
  ])('%s carries the AWS SDK it was tested with and loads only %j besides Node', (prefix, external) => {
    const code = readFileSync(join(assetDirOf(prefix), 'index.js'), 'utf8');
    // Every function reads the registry: DynamoDB's JSON protocol target is in the bundled client.
    expect(code.includes('DynamoDB_20120810')).toBe(true);
    const isNodeBuiltIn = (name: string | undefined) =>
      name?.startsWith('node:') || builtinModules.includes(name ?? '');
    expect(requiredModules(code).filter((name) => !isNodeBuiltIn(name))).toEqual(external);
    expect(existsSync(join(assetDirOf(prefix), 'node_modules', '@aws-sdk'))).toBe(false);
  });
});

describe('transform Lambda', () => {
  it('runs Node 24 on arm64 with 2048 MB and JSON logs kept 14 days in staging', () => {
    const transform = props('AWS::Lambda::Function', 'ImageCdnTransformHandler');
    expect(transform).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 2048,
      LoggingConfig: { LogFormat: 'Text', LogGroup: ref('AWS::Logs::LogGroup', 'ImageCdnTransformLogs') },
    });
    expect(props('AWS::Logs::LogGroup', 'ImageCdnTransformLogs').RetentionInDays).toBe(14);
  });

  it('times out before CloudFront stops waiting, and its request deadline comes before that', () => {
    const transform = props('AWS::Lambda::Function', 'ImageCdnTransformHandler');
    const originReadTimeout = (
      props('AWS::CloudFront::Distribution', 'ImageCdnDistribution').DistributionConfig as {
        Origins: { CustomOriginConfig: { OriginReadTimeout: number } }[];
      }
    ).Origins[0]?.CustomOriginConfig.OriginReadTimeout;
    const timeoutSeconds = transform.Timeout as number;
    const deadlineMs = Number(transform.Environment?.Variables[ENV.requestDeadlineMs]);
    expect(timeoutSeconds).toBeLessThan(originReadTimeout ?? 0);
    expect(deadlineMs).toBeLessThanOrEqual(timeoutSeconds * 1000 - 2000);
    expect(deadlineMs).toBeGreaterThanOrEqual(timeoutSeconds * 1000 - 5000);
  });

  it('runs sharp with two malloc arenas, against glibc fragmentation', () => {
    const variables = props('AWS::Lambda::Function', 'ImageCdnTransformHandler').Environment?.Variables ?? {};
    expect(variables.MALLOC_ARENA_MAX).toBe('2');
  });

  it('knows the registry table and nothing about the distribution', () => {
    const variables = props('AWS::Lambda::Function', 'ImageCdnTransformHandler').Environment?.Variables ?? {};
    expect(variables[ENV.registryTable]).toEqual(ref('AWS::DynamoDB::Table', 'ImageCdnRegistry'));
    expect(variables[ENV.distributionId]).toBeUndefined();
  });

  it('streams through an AWS_IAM function URL', () => {
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'AWS_IAM',
      InvokeMode: 'RESPONSE_STREAM',
    });
  });

  it('bundles sharp with its linux-arm64 binaries (and not the build machine x64 ones)', () => {
    const assetDir = assetDirOf('ImageCdnTransformHandler');
    expect(existsSync(join(assetDir, 'index.js'))).toBe(true);
    expect(existsSync(join(assetDir, 'node_modules', 'sharp', 'package.json'))).toBe(true);
    expect(existsSync(join(assetDir, 'node_modules', '@img', 'sharp-linux-arm64', 'lib'))).toBe(true);
    expect(existsSync(join(assetDir, 'node_modules', '@img', 'sharp-libvips-linux-arm64', 'lib'))).toBe(true);
    expect(existsSync(join(assetDir, 'node_modules', '@img', 'sharp-linux-x64'))).toBe(false);
  });

  it("carries the text layers' fonts in fonts/, where the bundled code looks for them", () => {
    const fonts = join(assetDirOf('ImageCdnTransformHandler'), 'fonts');
    expect(SHIPPED_FONT_FILES.filter((file) => !existsSync(join(fonts, basename(file))))).toEqual([]);
    expect(SHIPPED_FONT_FILES).toHaveLength(36);
    const code = readFileSync(join(assetDirOf('ImageCdnTransformHandler'), 'index.js'), 'utf8');
    expect(code).toContain('"fonts"');
  });
});

describe('CloudFront reaches the function URL only through Origin Access Control', () => {
  it('signs every origin request with SigV4 for a Lambda origin', () => {
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 'lambda',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      }),
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: [Match.objectLike({ OriginAccessControlId: Match.anyValue() })],
      }),
    });
  });

  it.each(['lambda:InvokeFunctionUrl', 'lambda:InvokeFunction'])(
    'grants %s to CloudFront for this distribution only',
    (action) => {
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: action,
        Principal: 'cloudfront.amazonaws.com',
        FunctionName: {
          'Fn::GetAtt': [logicalId('AWS::Lambda::Url', 'ImageCdnTransformHandlerFunctionUrl'), 'FunctionArn'],
        },
        SourceArn: {
          'Fn::Join': [
            '',
            Match.arrayWith([':distribution/', ref('AWS::CloudFront::Distribution', 'ImageCdnDistribution')]),
          ],
        },
      });
    },
  );

  it('lets nothing else invoke the transform', () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission')).map(
      (resource) => resource.Properties as { Principal: string; SourceArn?: unknown },
    );
    const onTransform = permissions.filter((permission) => permission.Principal !== 'events.amazonaws.com');
    expect(onTransform).toHaveLength(2);
    expect(onTransform.every((permission) => permission.SourceArn !== undefined)).toBe(true);
  });
});

describe('cache key', () => {
  it('holds the query the viewer-request function keeps (it drops the rest), Accept, and no cookies', () => {
    // The function, not the policy, narrows the query: ImageKit URLs keep KEPT_PARAMS, imgix URLs all.
    expect(Array.from(loadViewerRequestFunction().KEPT_PARAMS as string[])).toEqual([
      'tr',
      'updatedAt',
      'v',
      'ik-s',
      'ik-t',
      'ik-attachment',
    ]);
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        ParametersInCacheKeyAndForwardedToOrigin: {
          QueryStringsConfig: { QueryStringBehavior: 'all' },
          // Normalised by the function: Accept class, bucketed hints (auto URLs only), Save-Data on, device class.
          HeadersConfig: {
            HeaderBehavior: 'whitelist',
            Headers: [
              'Accept',
              'Sec-CH-DPR',
              'Sec-CH-Width',
              'Sec-CH-Viewport-Width',
              'Save-Data',
              'X-Imgfront-Device',
            ],
          },
          CookiesConfig: { CookieBehavior: 'none' },
          EnableAcceptEncodingGzip: false,
          EnableAcceptEncodingBrotli: false,
        },
        MinTTL: 0,
        DefaultTTL: 86_400,
        MaxTTL: 31_536_000,
      }),
    });
  });

  it('is normalised by the viewer-request function deployed from the tested file', () => {
    template.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionCode: viewerRequestCode(),
      FunctionConfig: Match.objectLike({ Runtime: 'cloudfront-js-2.0' }),
    });
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: Match.anyValue() }],
        }),
      }),
    });
  });
});

describe('origin requests', () => {
  it('forward the cache key, CloudFront device headers and the edge verdict only: no Host, cookies or Authorization', () => {
    template.hasResourceProperties('AWS::CloudFront::OriginRequestPolicy', {
      OriginRequestPolicyConfig: Match.objectLike({
        HeadersConfig: {
          HeaderBehavior: 'whitelist',
          Headers: [
            'CloudFront-Is-Mobile-Viewer',
            'CloudFront-Is-Tablet-Viewer',
            'CloudFront-Is-Desktop-Viewer',
            'x-imgfront-edge',
          ],
        },
        CookiesConfig: { CookieBehavior: 'none' },
        QueryStringsConfig: { QueryStringBehavior: 'none' },
      }),
    });
  });
});

describe('distribution', () => {
  const config = () =>
    props('AWS::CloudFront::Distribution', 'ImageCdnDistribution').DistributionConfig as Record<
      string,
      unknown
    >;

  it('serves GET/HEAD/OPTIONS over HTTPS (HTTP/2 and 3, IPv6), uncompressed images, staging price class, no WAF', () => {
    expect(config()).toMatchObject({
      HttpVersion: 'http2and3',
      IPV6Enabled: true,
      PriceClass: 'PriceClass_100',
      DefaultCacheBehavior: {
        ViewerProtocolPolicy: 'redirect-to-https',
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS'],
        CachedMethods: ['GET', 'HEAD', 'OPTIONS'],
        Compress: false,
      },
    });
    expect(config().WebACLId).toBeUndefined();
  });

  it('allows and caches exactly the methods the local CloudFront stand-in allows and caches', () => {
    const behavior = config().DefaultCacheBehavior as { AllowedMethods: string[]; CachedMethods: string[] };
    expect([...behavior.AllowedMethods].sort()).toEqual([...ALLOWED_METHODS].sort());
    expect([...behavior.CachedMethods].sort()).toEqual([...CACHED_METHODS].sort());
  });

  it('caches each error status deliberately', () => {
    expect(config().CustomErrorResponses).toEqual([
      { ErrorCode: 400, ErrorCachingMinTTL: 0 },
      { ErrorCode: 403, ErrorCachingMinTTL: 0 },
      { ErrorCode: 404, ErrorCachingMinTTL: 0 },
      { ErrorCode: 405, ErrorCachingMinTTL: 300 },
      { ErrorCode: 414, ErrorCachingMinTTL: 300 },
      { ErrorCode: 500, ErrorCachingMinTTL: 5 },
      { ErrorCode: 501, ErrorCachingMinTTL: 10 },
      { ErrorCode: 502, ErrorCachingMinTTL: 5 },
      { ErrorCode: 503, ErrorCachingMinTTL: 2 },
      { ErrorCode: 504, ErrorCachingMinTTL: 10 },
    ]);
  });

  it('keeps no 5xx longer than 10 seconds', () => {
    const serverErrors = (
      config().CustomErrorResponses as { ErrorCode: number; ErrorCachingMinTTL: number }[]
    ).filter((response) => response.ErrorCode >= 500);
    expect(serverErrors.map((response) => response.ErrorCode)).toEqual([500, 501, 502, 503, 504]);
    for (const response of serverErrors) {
      expect(response.ErrorCachingMinTTL).toBeLessThanOrEqual(MAX_SERVER_ERROR_CACHING_SECONDS);
    }
  });

  it('writes access logs to the private logs bucket', () => {
    expect(config().Logging).toEqual({
      Bucket: { 'Fn::GetAtt': [logicalId('AWS::S3::Bucket', 'ImageCdnAccessLogs'), 'RegionalDomainName'] },
      Prefix: 'cloudfront/',
    });
    expect(props('AWS::S3::Bucket', 'ImageCdnAccessLogs')).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: [{ ExpirationInDays: 30, Status: 'Enabled' }] },
    });
  });

  it('adds CORS, Timing-Allow-Origin and security headers to every response', () => {
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        CorsConfig: Match.objectLike({
          AccessControlAllowOrigins: { Items: ['*'] },
          AccessControlAllowMethods: { Items: ['GET', 'HEAD'] },
          AccessControlAllowHeaders: { Items: ['*'] },
          AccessControlExposeHeaders: { Items: Match.arrayWith(['Server-Timing', 'x-imgfront-error']) },
          AccessControlAllowCredentials: false,
          AccessControlMaxAgeSec: CORS_POLICY.maxAgeSeconds,
          OriginOverride: true,
        }),
        CustomHeadersConfig: { Items: [{ Header: 'Timing-Allow-Origin', Value: '*', Override: true }] },
        SecurityHeadersConfig: Match.objectLike({
          ContentTypeOptions: { Override: true },
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: 31_536_000 }),
          FrameOptions: { FrameOption: 'DENY', Override: true },
        }),
        ServerTimingHeadersConfig: { Enabled: true, SamplingRate: 100 },
      }),
    });
  });
});

describe('registry table', () => {
  it('is on-demand with point-in-time recovery and the shared key layout', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      KeySchema: [
        { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: TABLE_KEYS.listIndexName,
          KeySchema: [
            { AttributeName: TABLE_KEYS.listIndexPartitionKey, KeyType: 'HASH' },
            { AttributeName: TABLE_KEYS.listIndexSortKey, KeyType: 'RANGE' },
          ],
        }),
      ],
    });
  });

  it('expires purge records through TTL', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: TABLE_KEYS.timeToLiveAttribute, Enabled: true },
    });
  });

  it('is deletable in staging (no deletion protection, no RETAIN)', () => {
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
    expect(props('AWS::DynamoDB::Table', 'ImageCdnRegistry').DeletionProtectionEnabled).toBe(false);
  });
});

describe('versioning wiring', () => {
  it('creates a private, versioned origin bucket that sends object events to EventBridge', () => {
    expect(props('AWS::S3::Bucket', 'ImageCdnOriginals')).toMatchObject({
      NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true },
    });
  });

  it('routes created and deleted objects of that bucket to the version writer, with a DLQ', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.s3'],
        'detail-type': ['Object Created', 'Object Deleted'],
        detail: { bucket: { name: [ref('AWS::S3::Bucket', 'ImageCdnOriginals')] } },
      },
      Targets: [
        Match.objectLike({
          Arn: arnOf('AWS::Lambda::Function', 'ImageCdnVersionWriterHandler'),
          DeadLetterConfig: { Arn: arnOf('AWS::SQS::Queue', 'ImageCdnObjectEventsDeadLetters') },
          RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 8 }),
        }),
      ],
    });
  });

  it('sends failed asynchronous invocations of the version writer to the same DLQ', () => {
    expect(props('AWS::Lambda::Function', 'ImageCdnVersionWriterHandler')).toMatchObject({
      DeadLetterConfig: { TargetArn: arnOf('AWS::SQS::Queue', 'ImageCdnObjectEventsDeadLetters') },
      Environment: {
        Variables: {
          [ENV.registryTable]: ref('AWS::DynamoDB::Table', 'ImageCdnRegistry'),
          [ENV.purgeQueueUrl]: ref('AWS::SQS::Queue', 'ImageCdnPurgeQueue'),
        },
      },
    });
  });
});

describe('purge pipeline', () => {
  it('keeps failed purges in a dead-letter queue after 10 attempts', () => {
    expect(props('AWS::SQS::Queue', 'ImageCdnPurgeQueue')).toMatchObject({
      RedrivePolicy: {
        deadLetterTargetArn: arnOf('AWS::SQS::Queue', 'ImageCdnPurgeDeadLetters'),
        maxReceiveCount: 10,
      },
      SqsManagedSseEnabled: true,
    });
  });

  it('hides a message longer than the invalidator may run', () => {
    const visibility = props('AWS::SQS::Queue', 'ImageCdnPurgeQueue').VisibilityTimeout as number;
    const timeout = props('AWS::Lambda::Function', 'ImageCdnInvalidatorHandler').Timeout as number;
    expect(visibility).toBeGreaterThanOrEqual(timeout * 6);
  });

  it('feeds the invalidator in batches that report item failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: arnOf('AWS::SQS::Queue', 'ImageCdnPurgeQueue'),
      FunctionName: ref('AWS::Lambda::Function', 'ImageCdnInvalidatorHandler'),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 2 },
    });
  });

  it('tells the invalidator which distribution to purge', () => {
    const variables =
      props('AWS::Lambda::Function', 'ImageCdnInvalidatorHandler').Environment?.Variables ?? {};
    expect(variables[ENV.distributionId]).toEqual(
      ref('AWS::CloudFront::Distribution', 'ImageCdnDistribution'),
    );
  });
});

describe('least privilege', () => {
  it('lets only the invalidator create, read and list invalidations, on this distribution alone', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    const withCloudFront = Object.entries(policies).filter(([, policy]) =>
      JSON.stringify(policy).includes('cloudfront:'),
    );
    expect(withCloudFront.map(([id]) => id)).toEqual([
      logicalId('AWS::IAM::Policy', 'ImageCdnInvalidatorRoleDefaultPolicy'),
    ]);
    const distributionArn = resourcesOf(
      'ImageCdnInvalidatorRoleDefaultPolicy',
      'cloudfront:CreateInvalidation',
    );
    for (const action of ['cloudfront:GetInvalidation', 'cloudfront:ListInvalidations']) {
      expect(resourcesOf('ImageCdnInvalidatorRoleDefaultPolicy', action)).toEqual(distributionArn);
    }
    expect(distributionArn).toEqual([
      {
        'Fn::Join': [
          '',
          [
            expect.stringMatching(/:distribution\/$/),
            ref('AWS::CloudFront::Distribution', 'ImageCdnDistribution'),
          ],
        ],
      },
    ]);
  });

  it('gives the transform read access (one item read, originals under the bucket, named secrets), the event bus and its variant-budget items only', () => {
    expect(actionsOf('ImageCdnTransformRoleDefaultPolicy').sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'events:PutEvents',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      's3:GetObject',
      's3:ListBucket',
      'secretsmanager:GetSecretValue',
      'ssm:GetParameter',
    ]);
    const transform = (action: string) => resourcesOf('ImageCdnTransformRoleDefaultPolicy', action);
    expect(transform('dynamodb:GetItem')).toEqual([arnOf('AWS::DynamoDB::Table', 'ImageCdnRegistry')]);
    // Writes only to the variant budget's items.
    const budget = statementsOf('ImageCdnTransformRoleDefaultPolicy').find((statement) =>
      [statement.Action].flat().includes('dynamodb:PutItem'),
    ) as { Resource: unknown; Condition: unknown } | undefined;
    expect(budget).toMatchObject({
      Resource: arnOf('AWS::DynamoDB::Table', 'ImageCdnRegistry'),
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['VARIANTS#*'] } },
    });
    expect(transform('s3:GetObject')).toEqual([
      { 'Fn::Join': ['', [arnOf('AWS::S3::Bucket', 'ImageCdnOriginals'), '/*']] },
    ]);
    expect(transform('s3:ListBucket')).toEqual([arnOf('AWS::S3::Bucket', 'ImageCdnOriginals')]);
    expect(JSON.stringify(transform('ssm:GetParameter'))).toMatch(/:parameter\/imgfront\/\*"/);
    expect(JSON.stringify(transform('secretsmanager:GetSecretValue'))).toMatch(/:secret:imgfront\/\*"/);
  });

  it('scopes the version writer to the table, its gsi1 index, the purge queue, its DLQ and the event bus', () => {
    expect(new Set(actionsOf('ImageCdnVersionWriterRoleDefaultPolicy'))).toEqual(
      new Set([
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'sqs:SendMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'events:PutEvents',
      ]),
    );
    expect(resourcesOf('ImageCdnVersionWriterRoleDefaultPolicy', 'dynamodb:Query')).toEqual([
      {
        'Fn::Join': [
          '',
          [arnOf('AWS::DynamoDB::Table', 'ImageCdnRegistry'), `/index/${TABLE_KEYS.listIndexName}`],
        ],
      },
    ]);
  });

  it('lets the invalidator touch purge records, the purge queue, CloudFront and the event bus, nothing else', () => {
    expect(new Set(actionsOf('ImageCdnInvalidatorRoleDefaultPolicy'))).toEqual(
      new Set([
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:GetItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:ReceiveMessage',
        'cloudfront:CreateInvalidation',
        'cloudfront:GetInvalidation',
        'cloudfront:ListInvalidations',
        'events:PutEvents',
      ]),
    );
    expect(resourcesOf('ImageCdnInvalidatorRoleDefaultPolicy', 'dynamodb:BatchWriteItem')).toEqual([
      arnOf('AWS::DynamoDB::Table', 'ImageCdnRegistry'),
    ]);
    // The completion check lists the purges in progress through gsi1, and nothing else.
    expect(resourcesOf('ImageCdnInvalidatorRoleDefaultPolicy', 'dynamodb:Query')).toEqual([
      {
        'Fn::Join': [
          '',
          [arnOf('AWS::DynamoDB::Table', 'ImageCdnRegistry'), `/index/${TABLE_KEYS.listIndexName}`],
        ],
      },
    ]);
  });

  it('checks the purges in progress every minute, so Purge Completed needs nobody to ask', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ImageCdnInvalidatorHandler'), 'Arn'] },
          Input: JSON.stringify({ checkPurges: true }),
          RetryPolicy: { MaximumRetryAttempts: 0 },
        }),
      ],
    });
  });

  it('uses no AWS managed policies and no wildcard actions', () => {
    // CDK's own bucket-emptying provider (autoDeleteObjects on non-production stages) is the one
    // role built outside imgfront; it runs only at stack deletion.
    const ours = Object.entries(template.findResources('AWS::IAM::Role')).filter(
      ([id]) => !id.startsWith('CustomS3AutoDeleteObjectsCustomResourceProvider'),
    );
    expect(ours.length).toBeGreaterThanOrEqual(3);
    for (const [, role] of ours) expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).not.toMatch(/"[a-z0-9]+:\*"|"\*"/);
  });
});

describe('alarms', () => {
  it('may publish to the alarm topic, which accepts TLS only', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sns:Publish',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
          }),
        ]),
      },
    });
  });

  it('watch the origin 5xx rate, throttles of every function and both dead-letter queues', () => {
    const alarms = Object.keys(template.findResources('AWS::CloudWatch::Alarm'));
    for (const name of [
      'Origin5xxRate',
      'TransformThrottles',
      'VersionWriterThrottles',
      'InvalidatorThrottles',
      'PurgeDeadLettersDepth',
      'ObjectEventsDeadLettersDepth',
    ]) {
      expect(alarms.some((id) => id.startsWith(`ImageCdnAlarms${name}`))).toBe(true);
    }
    // CloudFront metrics exist in us-east-1 only; this stage deploys to eu-west-1.
    expect(alarms.some((id) => id.includes('Edge5xxRate'))).toBe(false);
  });

  it('compute the 5xx rate from the function URL metrics and notify the alarm topic', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: Match.arrayWith([
        Match.objectLike({ Expression: Match.stringLikeRegexp('100 \\* errors / requests') }),
        Match.objectLike({
          Id: 'errors',
          MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'Url5xxCount' }) }),
        }),
      ]),
      Threshold: 5,
      AlarmActions: [ref('AWS::SNS::Topic', 'ImageCdnAlarmsTopic')],
    });
  });
});

it('outputs the distribution domain, table name and purge queue URL', () => {
  template.hasOutput('DistributionDomainName', {
    Value: {
      'Fn::GetAtt': [logicalId('AWS::CloudFront::Distribution', 'ImageCdnDistribution'), 'DomainName'],
    },
  });
  template.hasOutput('RegistryTableName', { Value: ref('AWS::DynamoDB::Table', 'ImageCdnRegistry') });
  template.hasOutput('PurgeQueueUrl', { Value: ref('AWS::SQS::Queue', 'ImageCdnPurgeQueue') });
});
