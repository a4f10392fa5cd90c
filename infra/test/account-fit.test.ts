import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import { loadStageConfig } from '../config/stage-config';
import { ImageCdn, type ImageCdnProps } from '../constructs/image-cdn';
import { addStageStacks } from '../stacks/stage-stacks';
import { cdnStack } from './variants';
import { testApp } from './synth';

// What a platform team meets when imgfront joins an account it already runs (issue: "a stack that
// fits their account"), each checked on the synthesised template.

const template = (props: ImageCdnProps, region = 'eu-west-1', id = 'imgfront-staging') =>
  Template.fromStack(cdnStack(testApp(), id, props, region));

const namesOf = (t: Template, type: string, configKey: string): string[] =>
  Object.values(t.findResources(type)).map((resource) => String(resource.Properties[configKey].Name));

/** A team's own distribution with imgfront added on two paths, in `region`. */
function existingDistributionTemplate(props: Partial<ImageCdnProps> = {}, region = 'eu-west-1'): Template {
  const app = testApp();
  const stack = new Stack(app, 'team-web', { env: { account: '123456789012', region } });
  const distribution = new cloudfront.Distribution(stack, 'Site', {
    defaultBehavior: { origin: new origins.HttpOrigin('www.example.com') },
  });
  new ImageCdn(stack, 'Images', {
    ...props,
    existingDistribution: { distribution, pathPatterns: ['/product-images/*', '/cdn-cgi/image/*'] },
  });
  return Template.fromStack(stack);
}

const transformFunction = { Description: Match.stringLikeRegexp('imgfront transform') };

// Each option holds whether imgfront brings its own distribution or joins the team's.
describe.each([
  ['its own distribution', template],
  ['an existing distribution', existingDistributionTemplate],
] as const)('with %s', (_, build) => {
  it('names global CloudFront resources per region, so one stack name fits two regions', () => {
    const [west, east] = [build({}, 'eu-west-1'), build({}, 'us-east-1')];
    for (const [type, key] of [
      ['AWS::CloudFront::CachePolicy', 'CachePolicyConfig'],
      ['AWS::CloudFront::OriginRequestPolicy', 'OriginRequestPolicyConfig'],
      ['AWS::CloudFront::ResponseHeadersPolicy', 'ResponseHeadersPolicyConfig'],
      ['AWS::CloudFront::OriginAccessControl', 'OriginAccessControlConfig'],
    ] as const) {
      const [westName] = namesOf(west, type, key);
      const [eastName] = namesOf(east, type, key);
      expect(westName).toMatch(/-eu-west-1$/);
      expect(eastName).toMatch(/-us-east-1$/);
      expect(westName?.length).toBeLessThanOrEqual(type.endsWith('OriginAccessControl') ? 64 : 128);
    }
    const functionName = (t: Template) =>
      Object.values(t.findResources('AWS::CloudFront::Function'))[0]?.Properties.Name;
    expect(functionName(west)).not.toBe(functionName(east));
  });

  it('tags imgfront’s resources with the project, the stage and the team’s own tags', () => {
    const t = build({ stageName: 'staging', tags: { 'cost-center': 'media' } });
    const functions = Object.values(
      t.findResources('AWS::Lambda::Function', { Properties: transformFunction }),
    );
    expect(functions).toHaveLength(1);
    for (const type of ['AWS::S3::Bucket', 'AWS::DynamoDB::Table', 'AWS::SQS::Queue']) {
      const resources = [...Object.values(t.findResources(type)), ...functions];
      for (const resource of resources) {
        expect(resource.Properties.Tags).toEqual(
          expect.arrayContaining([
            { Key: 'project', Value: 'imgfront' },
            { Key: 'stage', Value: 'staging' },
            { Key: 'cost-center', Value: 'media' },
          ]),
        );
      }
    }
  });

  it('empties and deletes the buckets of a non-production stage, and keeps production data', () => {
    const staging = build({ retainData: false });
    const buckets = Object.values(staging.findResources('AWS::S3::Bucket'));
    expect(buckets.length).toBeGreaterThan(0);
    for (const bucket of buckets) expect(bucket.DeletionPolicy).toBe('Delete');
    staging.resourceCountIs('Custom::S3AutoDeleteObjects', buckets.length);
    const prod = build({ retainData: true });
    for (const bucket of Object.values(prod.findResources('AWS::S3::Bucket')))
      expect(bucket.DeletionPolicy).toBe('Retain');
    prod.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });

  it('reserves concurrency for the transform function when set', () => {
    build({ transformReservedConcurrency: 150 }).hasResourceProperties('AWS::Lambda::Function', {
      ...transformFunction,
      ReservedConcurrentExecutions: 150,
    });
  });

  it('limits s3:ListBucket to the origin prefix', () => {
    build({
      createOriginBucket: false,
      importedOriginBuckets: [{ bucketName: 'acme-photos', keyPrefix: 'public/' }],
    }).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 's3:ListBucket',
            Effect: 'Allow',
            Resource: 'arn:aws:s3:::acme-photos',
            Condition: { StringLike: { 's3:prefix': ['public/*'] } },
          },
        ]),
      },
    });
  });
});

describe('a stage of imgfront’s own app', () => {
  it('tags the distribution too, and every resource with the stage tags', () => {
    const app = testApp({ stage: 'staging' });
    const stage = { ...loadStageConfig(app.node), tags: { 'cost-center': 'media' } };
    const t = Template.fromStack(
      addStageStacks(app, stage, { account: '123456789012', region: 'eu-west-1' }),
    );
    for (const type of [
      'AWS::Lambda::Function',
      'AWS::S3::Bucket',
      'AWS::DynamoDB::Table',
      'AWS::SQS::Queue',
    ]) {
      const resources = Object.entries(t.findResources(type)).filter(
        ([id]) => !id.startsWith('CustomS3AutoDeleteObjectsCustomResourceProvider'),
      );
      expect(resources.length).toBeGreaterThan(0);
      for (const [, resource] of resources) {
        expect(resource.Properties.Tags).toEqual(
          expect.arrayContaining([
            { Key: 'stage', Value: 'staging' },
            { Key: 'cost-center', Value: 'media' },
          ]),
        );
      }
    }
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      Tags: Match.arrayWith([{ Key: 'stage', Value: 'staging' }]),
    });
  });

  it('reserves transform concurrency in the prod stage', () => {
    const app = testApp({ stage: 'prod' });
    const prod = Template.fromStack(
      addStageStacks(app, loadStageConfig(app.node), { account: '123456789012', region: 'us-east-1' }),
    );
    prod.hasResourceProperties('AWS::Lambda::Function', {
      ...transformFunction,
      ReservedConcurrentExecutions: Match.anyValue(),
    });
  });
});

describe('Origin Shield', () => {
  const shieldOf = (t: Template) =>
    Object.values(t.findResources('AWS::CloudFront::Distribution'))[0]?.Properties.DistributionConfig
      .Origins[0].OriginShield;

  it('is placed by AWS’s table for the stack’s region', () => {
    expect(shieldOf(template({ originShield: true }, 'eu-north-1'))).toEqual({
      Enabled: true,
      OriginShieldRegion: 'eu-west-2',
    });
    expect(shieldOf(template({ originShield: true }, 'us-east-1'))).toEqual({
      Enabled: true,
      OriginShieldRegion: 'us-east-1',
    });
  });

  it('fails the synth on a region without Origin Shield, naming the recommended one', () => {
    expect(() => template({ originShieldRegion: 'eu-west-3' })).toThrow(
      /"eu-west-3" has no Origin Shield; AWS recommends eu-west-2/,
    );
    expect(() => template({ originShield: true }, 'ap-northeast-3')).toThrow(/no entry for ap-northeast-3/);
  });

  it('is on the imgfront origin of an existing distribution too', () => {
    const t = existingDistributionTemplate({ originShieldRegion: 'eu-west-1' });
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Origins: Match.arrayWith([
          Match.objectLike({ OriginShield: { Enabled: true, OriginShieldRegion: 'eu-west-1' } }),
        ]),
      }),
    });
  });
});

describe('standard logs in opt-in regions', () => {
  it('fail the synth without a bucket CloudFront can write', () => {
    expect(() => template({}, 'eu-south-1')).toThrow(
      /does not deliver standard logs to buckets in eu-south-1/,
    );
  });

  it('go to a us-east-1 bucket of a companion stack that imgfront’s app adds', () => {
    const app = testApp({ stage: 'staging' });
    const image = addStageStacks(app, loadStageConfig(app.node), {
      account: '123456789012',
      region: 'eu-south-1',
    });
    const logsStack = app.node.findChild('imgfront-staging-cloudfront-logs') as Stack;
    expect(logsStack.region).toBe('us-east-1');
    expect(image.dependencies).toContain(logsStack);
    Template.fromStack(logsStack).hasResourceProperties('AWS::S3::Bucket', {
      BucketName: { 'Fn::Join': ['', ['imgfront-staging-cloudfront-logs-', { Ref: 'AWS::AccountId' }]] },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] },
    });
    Template.fromStack(image).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Logging: {
          Bucket: {
            'Fn::Join': [
              '',
              ['imgfront-staging-cloudfront-logs-', { Ref: 'AWS::AccountId' }, '.s3.us-east-1.amazonaws.com'],
            ],
          },
          Prefix: 'cloudfront/',
        },
      }),
    });
  });

  it('stay in the stack’s own bucket elsewhere', () => {
    const app = testApp({ stage: 'staging' });
    const image = addStageStacks(app, loadStageConfig(app.node), {
      account: '123456789012',
      region: 'eu-west-1',
    });
    expect(app.node.tryFindChild('imgfront-staging-cloudfront-logs')).toBeUndefined();
    Template.fromStack(image).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Logging: Match.objectLike({
          Bucket: { 'Fn::GetAtt': [Match.stringLikeRegexp('AccessLogs'), 'RegionalDomainName'] },
        }),
      }),
    });
  });
});

describe('imported buckets in another account or region', () => {
  const foreign = () =>
    template({
      createOriginBucket: false,
      importedOriginBuckets: [
        { bucketName: 'partner-photos', account: '210987654321', region: 'eu-west-1', keyPrefix: 'cdn/' },
        { bucketName: 'us-archive', region: 'us-west-2' },
      ],
      originRoleArns: ['arn:aws:iam::210987654321:role/imgfront-reader'],
    });

  it('may send their events to this stack’s default bus: S3 events from the other account only', () => {
    foreign().hasResourceProperties('AWS::Events::EventBusPolicy', {
      EventBusName: 'default',
      Statement: {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::210987654321:root' },
        Action: 'events:PutEvents',
        Condition: { StringEquals: { 'events:source': 'aws.s3' } },
        Resource: 'arn:aws:events:eu-west-1:123456789012:event-bus/default',
      },
    });
  });

  it('get a forwarding role for rules in other regions of this account, and the steps as an output', () => {
    const t = foreign();
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'events.amazonaws.com' } })],
      }),
    });
    const output = JSON.stringify(t.findOutputs('ObjectEventForwarding'));
    expect(output).toContain('partner-photos (210987654321, eu-west-1)');
    expect(output).toContain('us-archive (123456789012, us-west-2)');
    expect(output).toContain('aws events put-rule --region us-west-2');
  });

  it('leave same-account, same-region buckets alone', () => {
    const t = template({ createOriginBucket: false, importedOriginBuckets: [{ bucketName: 'acme-photos' }] });
    t.resourceCountIs('AWS::Events::EventBusPolicy', 0);
    expect(t.findOutputs('ObjectEventForwarding')).toEqual({});
  });
});

describe('an existing distribution', () => {
  it('gets one imgfront behaviour per path pattern, with the viewer function and policies, and keeps its own default', () => {
    const t = existingDistributionTemplate();
    t.resourceCountIs('AWS::CloudFront::Distribution', 1);
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({ TargetOriginId: Match.stringLikeRegexp('Site') }),
        CacheBehaviors: [
          Match.objectLike({
            PathPattern: '/product-images/*',
            CachePolicyId: Match.anyValue(),
            OriginRequestPolicyId: Match.anyValue(),
            ResponseHeadersPolicyId: Match.anyValue(),
            FunctionAssociations: [Match.objectLike({ EventType: 'viewer-request' })],
          }),
          Match.objectLike({ PathPattern: '/cdn-cgi/image/*' }),
        ],
      }),
    });
    t.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
  });

  it('is what the invalidator purges', () => {
    const t = existingDistributionTemplate();
    const [siteId] = Object.keys(t.findResources('AWS::CloudFront::Distribution'));
    const [invalidatorPolicy] = Object.entries(t.findResources('AWS::IAM::Policy')).filter(([id]) =>
      id.startsWith('ImagesInvalidatorRoleDefaultPolicy'),
    );
    const statements: { Action: string[]; Resource: unknown }[] =
      invalidatorPolicy?.[1].Properties.PolicyDocument.Statement;
    const purge = statements.find((statement) =>
      [statement.Action].flat().includes('cloudfront:CreateInvalidation'),
    );
    expect(JSON.stringify(purge?.Resource)).toContain(`"Ref":"${siteId}"`);
  });

  it('refuses options that belong to the team’s distribution, and bad path patterns', () => {
    expect(() => existingDistributionTemplate({ webAcl: {} })).toThrow(/set webAcl on your own distribution/);
    const app = testApp();
    const stack = new Stack(app, 'bad', { env: { account: '123456789012', region: 'eu-west-1' } });
    const distribution = new cloudfront.Distribution(stack, 'Site', {
      defaultBehavior: { origin: new origins.HttpOrigin('www.example.com') },
    });
    expect(
      () => new ImageCdn(stack, 'Images', { existingDistribution: { distribution, pathPatterns: ['/*'] } }),
    ).toThrow(/not the default behaviour/);
  });
});
