import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { InfraConfigError } from '../config/config-error';
import { ALLOWED_METHODS, CACHED_METHODS, ORIGIN_READ_TIMEOUT_SECONDS } from '../edge/cache-behavior';
import { viewerRequestCode } from '../edge/viewer-request-file';
import {
  createCachePolicy,
  createOriginRequestPolicy,
  createResponseHeadersPolicy,
  errorResponses,
  type CacheableErrorStatus,
} from './cdn-policies';
import { acknowledgeNagRule } from './nag';
import { addAliasRecords, customDomainCertificate, type CustomDomainProps } from './custom-domain';
import { nameRegionally } from './regional-name';
import { webAclArn, type WebAclProps } from './web-acl';

/** CloudFront's default origin read timeout; the transform Lambda times out before it. */
export const ORIGIN_READ_TIMEOUT = Duration.seconds(ORIGIN_READ_TIMEOUT_SECONDS);

/** CloudFront's limit on origin access control names. */
const ORIGIN_ACCESS_CONTROL_NAME_MAX_LENGTH = 64;

const sameMethods = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((method) => b.includes(method));

/** CloudFront offers fixed method sets: pick the one `methods` names, or refuse at synth. */
function methodSet<T extends { methods: string[] }>(offered: readonly T[], methods: readonly string[]): T {
  const match = offered.find((set) => sameMethods(set.methods, methods));
  if (!match) {
    throw new InfraConfigError(
      `CloudFront offers no method set of exactly ${methods.join(', ')}; offered: ${offered.map((set) => set.methods.join(', ')).join(' | ')}`,
    );
  }
  return match;
}

const { AllowedMethods, CachedMethods } = cloudfront;
const allowedMethods = methodSet(
  [AllowedMethods.ALLOW_GET_HEAD, AllowedMethods.ALLOW_GET_HEAD_OPTIONS, AllowedMethods.ALLOW_ALL],
  ALLOWED_METHODS,
);
const cachedMethods = methodSet(
  [CachedMethods.CACHE_GET_HEAD, CachedMethods.CACHE_GET_HEAD_OPTIONS],
  CACHED_METHODS,
);

/** Image behaviours added to a distribution the team already owns, instead of a new one. */
export interface ExistingDistributionProps {
  /** The distribution, defined in the same CDK app (CloudFront cannot add behaviours to an imported one). */
  readonly distribution: cloudfront.Distribution;
  /**
   * Path patterns routed to imgfront, one per endpoint (`/product-images/*`), or a dialect route
   * (`/cdn-cgi/image/*`, `/_next/image*`). The endpoint stays the first path segment.
   */
  readonly pathPatterns: readonly string[];
}

export interface ImageDistributionProps {
  readonly functionUrl: lambda.IFunctionUrl;
  readonly logsBucket: s3.IBucket;
  readonly priceClass: cloudfront.PriceClass;
  readonly corsAllowedOrigins: readonly string[];
  readonly errorCaching?: Partial<Record<CacheableErrorStatus, Duration>>;
  readonly customDomain?: CustomDomainProps;
  readonly originShieldRegion?: string;
  readonly webAcl?: WebAclProps;
  /**
   * Endpoints with `settings.deviceLimits`: only their URLs carry the viewer's device class into the
   * cache key (the edge cannot read endpoint settings).
   * @default none
   */
  readonly deviceLimitEndpoints?: readonly string[];
  /** @default a new distribution whose default behaviour is imgfront */
  readonly existingDistribution?: ExistingDistributionProps;
}

/** A behaviour path pattern: rooted, CloudFront's characters only, at most 255 of them. */
const PATH_PATTERN = /^\/[A-Za-z0-9_\-.*$/~"'@:+&]{1,254}$/;

/**
 * CloudFront in front of the transform's function URL: Origin Access Control (the URL answers
 * signed requests only), a viewer-request function that normalises URLs and `Accept`, a cache key
 * of exactly what changes the output, and deliberate error caching. With `existingDistribution`
 * the same behaviour is added to the team's distribution on each of its path patterns.
 */
export class ImageDistribution extends Construct {
  readonly distribution: cloudfront.Distribution;
  readonly viewerRequestFunction: cloudfront.Function;
  /** What the viewer function enforces per endpoint, and the signing keys (`shared/edge/edge-entries.ts`). */
  readonly edgeStore: cloudfront.KeyValueStore;

  constructor(scope: Construct, id: string, props: ImageDistributionProps) {
    super(scope, id);
    this.edgeStore = new cloudfront.KeyValueStore(this, 'EdgeStore', {
      comment: 'imgfront: endpoint rules and signing keys the viewer function enforces',
    });
    this.viewerRequestFunction = new cloudfront.Function(this, 'ViewerRequest', {
      comment: 'imgfront: canonical URL (tr in the query, sorted) and Accept format class',
      code: cloudfront.FunctionCode.fromInline(viewerRequestCode(props.deviceLimitEndpoints)),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      keyValueStore: this.edgeStore,
    });
    const originAccessControl = nameRegionally(
      new cloudfront.FunctionUrlOriginAccessControl(this, 'OriginAccessControl'),
      'OriginAccessControlConfig.Name',
      ORIGIN_ACCESS_CONTROL_NAME_MAX_LENGTH,
    );
    const origin = origins.FunctionUrlOrigin.withOriginAccessControl(props.functionUrl, {
      originAccessControl,
      readTimeout: ORIGIN_READ_TIMEOUT,
      originShieldEnabled: props.originShieldRegion !== undefined,
      originShieldRegion: props.originShieldRegion,
    });
    const behavior: Omit<cloudfront.BehaviorOptions, 'origin'> = {
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods,
      cachedMethods,
      cachePolicy: createCachePolicy(this, 'CachePolicy'),
      originRequestPolicy: createOriginRequestPolicy(this, 'OriginRequestPolicy'),
      responseHeadersPolicy: createResponseHeadersPolicy(this, 'ResponseHeadersPolicy', props),
      compress: false,
      functionAssociations: [
        { function: this.viewerRequestFunction, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST },
      ],
    };

    if (props.existingDistribution) {
      this.distribution = addToExistingDistribution(props, origin, behavior);
      return;
    }
    const certificate = props.customDomain ? customDomainCertificate(this, props.customDomain) : undefined;
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'imgfront image CDN',
      defaultBehavior: { origin, ...behavior },
      priceClass: props.priceClass,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableIpv6: true,
      domainNames: props.customDomain?.domainNames,
      certificate,
      minimumProtocolVersion: certificate ? cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021 : undefined,
      enableLogging: true,
      logBucket: props.logsBucket,
      logFilePrefix: 'cloudfront/',
      errorResponses: errorResponses(props.errorCaching),
      webAclId: props.webAcl ? webAclArn(this, 'WebAcl', props.webAcl) : undefined,
      // The cache hit rate the dashboard shows is one of CloudFront's additional (paid) metrics.
      publishAdditionalMetrics: true,
    });
    if (props.customDomain) addAliasRecords(this, props.customDomain, this.distribution);
    this.acknowledgeNagRules(props);
  }

  private acknowledgeNagRules(props: ImageDistributionProps): void {
    acknowledgeNagRule(
      this.distribution,
      'CFR1',
      'An image CDN serves every country its sites serve; add a geo restriction per stage if a market requires it.',
    );
    if (!props.webAcl) {
      acknowledgeNagRule(
        this.distribution,
        'CFR2',
        'This stage runs without a web ACL by choice (stage setting webAcl); prod enables one with a per-IP rate limit.',
      );
    }
    if (!props.customDomain) {
      acknowledgeNagRule(
        this.distribution,
        'CFR4',
        'With the default *.cloudfront.net certificate CloudFront fixes the viewer TLS policy; a custom domain (stage setting customDomain) enforces TLSv1.2_2021.',
      );
    }
  }
}

/**
 * The team's distribution keeps its own domain, certificate, web ACL, logs, price class and error
 * responses, so imgfront options for those are refused rather than silently ignored.
 */
function addToExistingDistribution(
  props: ImageDistributionProps,
  origin: cloudfront.IOrigin,
  behavior: Omit<cloudfront.BehaviorOptions, 'origin'>,
): cloudfront.Distribution {
  const existing = props.existingDistribution as ExistingDistributionProps;
  const ownedByTeam = (['customDomain', 'webAcl', 'errorCaching'] as const).filter(
    (option) => props[option] !== undefined,
  );
  if (ownedByTeam.length > 0) {
    throw new InfraConfigError(
      `With existingDistribution, set ${ownedByTeam.join(', ')} on your own distribution: imgfront only adds its behaviours to it.`,
    );
  }
  if (existing.pathPatterns.length === 0) {
    throw new InfraConfigError(
      'existingDistribution.pathPatterns must name at least one path, e.g. "/product-images/*"',
    );
  }
  for (const pattern of existing.pathPatterns) {
    if (!PATH_PATTERN.test(pattern) || pattern === '/*') {
      throw new InfraConfigError(
        `existingDistribution.pathPatterns: "${pattern}" must start with "/" and name a path such as "/product-images/*" (not the default behaviour "/*")`,
      );
    }
    existing.distribution.addBehavior(pattern, origin, behavior);
  }
  return existing.distribution;
}
