import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DefaultStackSynthesizer, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { hasPlaygroundSources, writePlayground } from '../../playground/build';
import {
  PLAYGROUND_CONFIG_FILE,
  PLAYGROUND_PATH,
  type PlaygroundConfig,
} from '../../playground/playground-config';
import { InfraConfigError } from '../config/config-error';
import { REPO_ROOT } from '../functions/lambda-code';
import { acknowledgeNagRule, acknowledgeServerlessRule, acknowledgeWildcardResource } from './nag';

/** Where `npm run build` writes the built page inside `dist/`, for installed packages (no sources). */
export const PREBUILT_PLAYGROUND_FOLDER = 'playground-site';
/** The distribution's behaviour for the page. */
export const PLAYGROUND_PATH_PATTERN = `${PLAYGROUND_PATH}*`;

/** S3 answers a folder's URL with no index document: the page's folder is served its `index.html`. */
const INDEX_FUNCTION_CODE = `function handler(event) {
  var request = event.request;
  if (request.uri.endsWith('/')) request.uri += 'index.html';
  return request;
}`;

/** The deployed page lists no endpoints (the edge cannot read the registry): a person types the id. */
const DEPLOYED_CONFIG: PlaygroundConfig = { endpoints: [] };

export interface PlaygroundSiteProps {
  readonly distribution: cloudfront.Distribution;
  readonly logsBucket: s3.IBucket;
}

/** The built page: from the sources in a checkout (always current), else the package's pre-built copy. */
function playgroundAsset(): string {
  if (hasPlaygroundSources()) {
    const directory = mkdtempSync(join(tmpdir(), 'imgfront-playground-'));
    writePlayground(directory);
    return directory;
  }
  const prebuilt = join(REPO_ROOT, PREBUILT_PLAYGROUND_FOLDER);
  if (!existsSync(join(prebuilt, 'index.html')))
    throw new InfraConfigError(
      `Expected the playground's sources or its build at ${prebuilt}; run \`npm run build\` in the imgfront repository.`,
    );
  return prebuilt;
}

/**
 * The playground page as static files on the image distribution, under `/playground/*`: a private
 * bucket read through Origin Access Control, filled (and the behaviour invalidated) on each deploy. The
 * page only builds URLs; it holds no secrets and no explain token.
 */
export class PlaygroundSite extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: PlaygroundSiteProps) {
    super(scope, id);
    // Build output, never data: emptied and deleted with the stack whatever `retainData` says.
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: props.logsBucket,
      serverAccessLogsPrefix: 'playground-bucket/',
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    const indexFunction = new cloudfront.Function(this, 'Index', {
      comment: 'imgfront playground: /playground/ is its index.html',
      code: cloudfront.FunctionCode.fromInline(INDEX_FUNCTION_CODE),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
    });
    props.distribution.addBehavior(
      PLAYGROUND_PATH_PATTERN,
      origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
      {
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.pageHeaders(),
        functionAssociations: [
          { function: indexFunction, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
        ],
      },
    );
    const deployment = new s3deploy.BucketDeployment(this, 'Files', {
      sources: [
        s3deploy.Source.asset(playgroundAsset()),
        s3deploy.Source.jsonData(PLAYGROUND_CONFIG_FILE, DEPLOYED_CONFIG),
      ],
      destinationBucket: this.bucket,
      destinationKeyPrefix: PLAYGROUND_PATH.slice(1),
      distribution: props.distribution,
      distributionPaths: [PLAYGROUND_PATH_PATTERN],
    });
    this.acknowledgeDeploymentHandler(deployment);
  }

  /** The page's own scripts and styles only; images from the distribution and the object URLs made of them. */
  private pageHeaders(): cloudfront.ResponseHeadersPolicy {
    return new cloudfront.ResponseHeadersPolicy(this, 'Headers', {
      comment: 'imgfront playground: CSP, nosniff, no framing',
      securityHeadersBehavior: {
        contentSecurityPolicy: {
          contentSecurityPolicy:
            "default-src 'self'; img-src 'self' blob: data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.SAME_ORIGIN, override: true },
      },
    });
  }

  /** The deployment's handler is CDK's singleton, made at stack level: acknowledged there, finding by finding. */
  private acknowledgeDeploymentHandler(deployment: s3deploy.BucketDeployment): void {
    const stack = Stack.of(this);
    const handler = stack.node.children.find((child) =>
      child.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    const reason =
      'CDK-owned BucketDeployment handler that copies the playground files from the asset bucket on deploy; its grants are CDK’s.';
    const assets = `arn:${stack.partition}:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-${stack.account}-${stack.region}/*`;
    for (const scope of [handler, deployment.handlerRole].filter((found) => found !== undefined)) {
      acknowledgeNagRule(
        scope,
        'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason,
      );
      for (const action of ['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'])
        acknowledgeNagRule(scope, `IAM5[Action::${action}]`, reason);
      acknowledgeNagRule(scope, 'IAM5[Resource::*]', reason);
      acknowledgeWildcardResource(scope, `${this.bucket.bucketArn}/*`, reason);
      acknowledgeWildcardResource(scope, assets, reason);
      acknowledgeNagRule(scope, 'L1', reason);
      for (const rule of ['LambdaDLQ', 'LambdaTracing', 'LambdaDefaultMemorySize', 'LambdaLatestVersion'])
        acknowledgeServerlessRule(scope, rule, reason);
    }
  }
}
