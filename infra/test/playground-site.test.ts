import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import { loadStageConfig, imageCdnProps, STAGES_CONTEXT_KEY } from '../config/stage-config';
import { ImageCdn } from '../constructs/image-cdn';
import { PLAYGROUND_PATH_PATTERN } from '../constructs/playground-site';
import { testApp } from './synth';
import { cdnStack } from './variants';

const template = (playground: boolean) => Template.fromStack(cdnStack(testApp(), 'cdn', { playground }));

const behaviours = (t: Template): { PathPattern: string; TargetOriginId: string }[] =>
  Object.values(t.findResources('AWS::CloudFront::Distribution'))[0]?.Properties.DistributionConfig
    .CacheBehaviors ?? [];

describe('the playground stage option', () => {
  let on: Template;
  beforeAll(() => {
    on = template(true);
  });

  it('serves /playground/* from a private bucket through Origin Access Control, with its index function', () => {
    const [behaviour] = behaviours(on).filter((b) => b.PathPattern === PLAYGROUND_PATH_PATTERN);
    expect(behaviour).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      AllowedMethods: ['GET', 'HEAD'],
      FunctionAssociations: [expect.objectContaining({ EventType: 'viewer-request' })],
    });
    on.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: Match.arrayWith([
          Match.objectLike({
            Id: behaviour?.TargetOriginId,
            S3OriginConfig: { OriginAccessIdentity: '' },
            OriginAccessControlId: Match.anyValue(),
          }),
        ]),
      }),
    });
    on.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionCode: Match.stringLikeRegexp("request.uri \\+= 'index.html'"),
    });
    on.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { LogFilePrefix: 'playground-bucket/', DestinationBucketName: Match.anyValue() },
    });
  });

  it('copies the built page under playground/ on each deploy and invalidates its path', () => {
    on.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketKeyPrefix: 'playground/',
      DistributionPaths: [PLAYGROUND_PATH_PATTERN],
      SourceObjectKeys: Match.arrayWith([Match.stringLikeRegexp('\\.zip$')]),
    });
  });

  it('sends the page with a restrictive CSP, nosniff and no framing', () => {
    on.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: {
            ContentSecurityPolicy: Match.stringLikeRegexp("^default-src 'self'; img-src 'self' blob: data:;"),
            Override: true,
          },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
        }),
      }),
    });
  });

  it('adds nothing without the option', () => {
    const off = template(false);
    expect(behaviours(off).map((b) => b.PathPattern)).not.toContain(PLAYGROUND_PATH_PATTERN);
    off.resourceCountIs('Custom::CDKBucketDeployment', 0);
  });

  it('joins a team’s own distribution as one more behaviour', () => {
    const stack = new Stack(testApp(), 'team-web', { env: { account: '123456789012', region: 'eu-west-1' } });
    const distribution = new cloudfront.Distribution(stack, 'Site', {
      defaultBehavior: { origin: new origins.HttpOrigin('www.example.com') },
    });
    new ImageCdn(stack, 'Images', {
      playground: true,
      existingDistribution: { distribution, pathPatterns: ['/product-images/*'] },
    });
    expect(behaviours(Template.fromStack(stack)).map((b) => b.PathPattern)).toEqual([
      '/product-images/*',
      PLAYGROUND_PATH_PATTERN,
    ]);
  });

  it('is a stage setting in cdk.json, off unless set', () => {
    const app = testApp({ stage: 'demo' });
    app.node.setContext(STAGES_CONTEXT_KEY, { demo: { playground: true } });
    expect(imageCdnProps(loadStageConfig(app.node)).playground).toBe(true);
    const plain = testApp({ stage: 'demo' });
    plain.node.setContext(STAGES_CONTEXT_KEY, { demo: {} });
    expect(imageCdnProps(loadStageConfig(plain.node)).playground).toBe(false);
  });
});
