import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { InfraConfigError } from '../config/config-error';
import { viewerRequestCode } from '../edge/viewer-request-file';
import { FULL_OPTIONS, cdnStack } from './variants';
import { stageStack, testApp } from './synth';

// One app, synthesised once: the prod stage as cdk.json defines it, every construct option, and a
// certificate validated in Route 53.
let prod: Template;
let full: Template;
let dnsValidated: Template;

beforeAll(() => {
  const app = testApp({ stage: 'prod' });
  const prodStack = stageStack(app);
  const fullStack = cdnStack(app, 'full-options', FULL_OPTIONS);
  const dnsStack = cdnStack(
    app,
    'dns-validated',
    {
      customDomain: {
        domainNames: ['img.example.com', 'images.example.com'],
        hostedZone: { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' },
      },
    },
    'us-east-1',
  );
  [prod, full, dnsValidated] = [prodStack, fullStack, dnsStack].map((stack) => Template.fromStack(stack)) as [
    Template,
    Template,
    Template,
  ];
});

const distributionConfig = (template: Template) =>
  Object.values(template.findResources('AWS::CloudFront::Distribution'))[0]?.Properties.DistributionConfig;
const transformStatements = (template: Template): { Action: string | string[]; Resource: unknown }[] => {
  const [policy] = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([id]) =>
    id.startsWith('ImageCdnTransformRoleDefaultPolicy'),
  );
  return policy?.[1].Properties.PolicyDocument.Statement ?? [];
};
const grantedOn = (template: Template, action: string) =>
  transformStatements(template)
    .filter((statement) => [statement.Action].flat().includes(action))
    .flatMap((statement) => [statement.Resource].flat());

describe('prod stage (cdk.json)', () => {
  it('keeps its data: deletion protection and RETAIN on the table, RETAIN on buckets and logs', () => {
    prod.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
    for (const type of ['AWS::S3::Bucket', 'AWS::Logs::LogGroup']) {
      for (const resource of Object.values(prod.findResources(type)))
        expect(resource.DeletionPolicy).toBe('Retain');
    }
    prod.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('keys the device class only for the endpoints given device limits', () => {
    const [fullCode, prodCode] = [full, prod].map((template) => {
      const [fn] = Object.values(template.findResources('AWS::CloudFront::Function'));
      return String(fn?.Properties.FunctionCode);
    });
    expect(fullCode).toBe(viewerRequestCode(['shop']));
    expect(prodCode).toBe(viewerRequestCode([]));
    expect(fullCode).toContain('["shop"]');
  });

  it('serves from every edge location through Origin Shield in its own region', () => {
    expect(distributionConfig(prod)).toMatchObject({
      PriceClass: 'PriceClass_All',
      Origins: [{ OriginShield: { Enabled: true, OriginShieldRegion: 'us-east-1' } }],
    });
  });

  it('puts a web ACL with a per-IP rate limit in front of the distribution', () => {
    prod.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      DefaultAction: { Allow: {} },
      Rules: Match.arrayWith([
        Match.objectLike({
          Action: { Block: {} },
          Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 3000 } },
        }),
      ]),
    });
    const [aclId] = Object.keys(prod.findResources('AWS::WAFv2::WebACL'));
    expect(distributionConfig(prod).WebACLId).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
  });

  it('alarms on the CloudFront 5xx rate, since it deploys where CloudFront publishes metrics', () => {
    prod.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/CloudFront',
      MetricName: '5xxErrorRate',
      Dimensions: [
        { Name: 'DistributionId', Value: { Ref: Match.stringLikeRegexp('^ImageCdnDistribution') } },
        { Name: 'Region', Value: 'Global' },
      ],
      Threshold: 5,
    });
  });
});

describe('custom domain', () => {
  it('answers on the custom name with the given us-east-1 certificate and TLS 1.2_2021', () => {
    expect(distributionConfig(full)).toMatchObject({
      Aliases: ['img.example.com'],
      ViewerCertificate: {
        AcmCertificateArn: FULL_OPTIONS.customDomain?.certificateArn,
        MinimumProtocolVersion: 'TLSv1.2_2021',
        SslSupportMethod: 'sni-only',
      },
    });
  });

  it('points IPv4 and IPv6 alias records of the hosted zone at the distribution', () => {
    for (const type of ['A', 'AAAA']) {
      full.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: 'img.example.com.',
        Type: type,
        HostedZoneId: 'Z0123456789ABCDEFGHIJ',
        AliasTarget: Match.objectLike({ HostedZoneId: Match.anyValue() }),
      });
    }
  });

  it('creates a DNS-validated certificate for every name when the stack is in us-east-1', () => {
    dnsValidated.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'img.example.com',
      SubjectAlternativeNames: ['images.example.com'],
      ValidationMethod: 'DNS',
      DomainValidationOptions: Match.arrayWith([
        { DomainName: 'img.example.com', HostedZoneId: 'Z0123456789ABCDEFGHIJ' },
      ]),
    });
  });

  it('is refused without a certificate outside us-east-1, naming what is missing', () => {
    const app = testApp();
    expect(() =>
      cdnStack(app, 'no-cert', {
        customDomain: {
          domainNames: ['img.example.com'],
          hostedZone: { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' },
        },
      }),
    ).toThrow(
      new InfraConfigError(
        'customDomain needs certificateArn (an ACM certificate in us-east-1), or hostedZone with the stack deployed to us-east-1',
      ),
    );
  });
});

describe('web ACL', () => {
  it('uses an existing web ACL by ARN without creating one', () => {
    expect(distributionConfig(full).WebACLId).toBe(FULL_OPTIONS.webAcl?.webAclArn);
    full.resourceCountIs('AWS::WAFv2::WebACL', 0);
  });

  it('is not created outside us-east-1, where CloudFront cannot use it', () => {
    expect(() => cdnStack(testApp(), 'waf-eu', { webAcl: {} })).toThrow(/can only be created in us-east-1/);
  });
});

describe('imported origin buckets', () => {
  it('are read only under their prefix, and through their KMS key when they use one', () => {
    expect(grantedOn(full, 's3:GetObject')).toEqual([
      'arn:aws:s3:::acme-photos/public/*',
      'arn:aws:s3:::acme-private/*',
    ]);
    expect(grantedOn(full, 'kms:Decrypt')).toEqual([
      FULL_OPTIONS.importedOriginBuckets?.[1]?.encryptionKeyArn,
    ]);
    full.resourceCountIs('AWS::S3::Bucket', 3); // the access logs, original-copies and playground buckets only
  });

  it('send their object events to the version writer without touching their notification settings', () => {
    full.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ detail: { bucket: { name: ['acme-photos', 'acme-private'] } } }),
    });
    full.resourceCountIs('Custom::S3BucketNotifications', 0);
  });

  it('may be read through cross-account roles named in the settings', () => {
    expect(grantedOn(full, 'sts:AssumeRole')).toEqual(FULL_OPTIONS.originRoleArns);
  });
});

it('allows CORS and timing for the listed origins only', () => {
  full.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
    ResponseHeadersPolicyConfig: Match.objectLike({
      CorsConfig: Match.objectLike({
        AccessControlAllowOrigins: { Items: ['https://shop.example.com', 'https://www.example.com'] },
      }),
      CustomHeadersConfig: {
        Items: [
          {
            Header: 'Timing-Allow-Origin',
            Value: 'https://shop.example.com, https://www.example.com',
            Override: true,
          },
        ],
      },
    }),
  });
});

it('subscribes the on-call address to the alarm topic', () => {
  full.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
});

describe('error caching overrides', () => {
  it('may lengthen a 4xx floor', () => {
    const stack = cdnStack(testApp(), 'long-404', { errorCaching: { 404: Duration.minutes(1) } });
    expect(distributionConfig(Template.fromStack(stack)).CustomErrorResponses).toContainEqual({
      ErrorCode: 404,
      ErrorCachingMinTTL: 60,
    });
  });

  it.each([500, 501, 502, 503, 504] as const)('may not cache a %i longer than 10 seconds', (status) => {
    expect(() =>
      cdnStack(testApp(), `long-${status}`, { errorCaching: { [status]: Duration.seconds(11) } }),
    ).toThrow(
      new InfraConfigError(
        `errorCaching[${status}] is 11 s, but a 5xx may be cached at most 10 s: an outage must not outlive its fix.`,
      ),
    );
  });
});
