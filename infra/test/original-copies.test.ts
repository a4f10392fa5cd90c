import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ENV } from '../../shared/config/env-names';
import { testApp } from './synth';
import { cdnStack } from './variants';

// The bucket of kept copies of web originals (endpoint setting `keepOriginalCopy`) and who may touch it.
const app = testApp();
const stack = cdnStack(app, 'copies', {});
const shortLived = cdnStack(app, 'copies-short', { originalCopyRetention: Duration.days(7) });
let template: Template;

beforeAll(() => {
  app.synth();
  template = Template.fromStack(stack);
});

interface Statement {
  Action: string | string[];
  Resource: unknown;
}
type Resource = { Properties: Record<string, unknown>; DependsOn?: string[] };

const idOf = (type: string, prefix: string) => {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1) throw new TypeError(`expected one ${type} named ${prefix}* but found ${ids.length}`);
  return ids[0] as string;
};
const resource = (type: string, prefix: string) =>
  template.findResources(type)[idOf(type, prefix)] as Resource;
const bucketId = () => idOf('AWS::S3::Bucket', 'ImageCdnOriginalCopies');
const bucketArn = () => ({ 'Fn::GetAtt': [bucketId(), 'Arn'] });
const objectsArn = () => ({ 'Fn::Join': ['', [bucketArn(), '/*']] });

/** Every statement granting anything on the copies bucket, with the roles holding it. */
function grantsOnCopies(): { actions: string[]; resource: unknown; roles: unknown }[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
    (policy.Properties.PolicyDocument.Statement as Statement[])
      .filter((statement) => JSON.stringify(statement.Resource).includes(bucketId()))
      .map((statement) => ({
        actions: [statement.Action].flat().sort(),
        resource: statement.Resource,
        roles: policy.Properties.Roles,
      })),
  );
}
const roleRef = (prefix: string) => [{ Ref: idOf('AWS::IAM::Role', prefix) }];
const variablesOf = (prefix: string) =>
  (resource('AWS::Lambda::Function', prefix).Properties.Environment as { Variables: Record<string, unknown> })
    .Variables;

describe('the original-copies bucket', () => {
  it('is private, encrypted, SSL only, access-logged, and expires copies after 180 days', () => {
    expect(resource('AWS::S3::Bucket', 'ImageCdnOriginalCopies').Properties).toMatchObject({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: idOf('AWS::S3::Bucket', 'ImageCdnAccessLogs') },
        LogFilePrefix: 'original-copies/',
      },
      LifecycleConfiguration: {
        Rules: [
          expect.objectContaining({
            ExpirationInDays: 180,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            Status: 'Enabled',
          }),
        ],
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId() },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('keeps copies as long as the construct says', () => {
    Template.fromStack(shortLived).hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 7 })] },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'original-copies/' }),
    });
  });

  it('lets the transform read and write copies and the invalidator list and delete them, nobody else', () => {
    const transform = roleRef('ImageCdnTransformRole');
    const invalidator = roleRef('ImageCdnInvalidatorRole');
    const grants = grantsOnCopies().filter(({ roles }) => roles !== undefined);
    expect(grants).toEqual(
      expect.arrayContaining([
        { actions: ['s3:GetObject', 's3:PutObject'], resource: objectsArn(), roles: transform },
        { actions: ['s3:ListBucket'], resource: bucketArn(), roles: transform },
        { actions: ['s3:DeleteObject'], resource: objectsArn(), roles: invalidator },
        { actions: ['s3:ListBucket'], resource: bucketArn(), roles: invalidator },
      ]),
    );
    expect(grants).toHaveLength(4);
  });

  it('names the bucket to both functions, which start only once their grants exist', () => {
    for (const fn of ['ImageCdnTransformHandler', 'ImageCdnInvalidatorHandler']) {
      expect(variablesOf(fn)[ENV.originalCopiesBucket]).toEqual({ Ref: bucketId() });
    }
    expect(resource('AWS::Lambda::Function', 'ImageCdnTransformHandler').DependsOn).toEqual(
      expect.arrayContaining([idOf('AWS::IAM::Policy', 'ImageCdnTransformOriginalCopies')]),
    );
    expect(resource('AWS::Lambda::Function', 'ImageCdnInvalidatorHandler').DependsOn).toEqual(
      expect.arrayContaining([idOf('AWS::IAM::Policy', 'ImageCdnInvalidatorOriginalCopies')]),
    );
    expect(variablesOf('ImageCdnVersionWriterHandler')[ENV.originalCopiesBucket]).toBeUndefined();
  });

  it('passes cdk-nag AwsSolutions with no unacknowledged finding', () => {
    const report = new AwsSolutionsChecks().validateScope(stack);
    expect(report.violations.flatMap((violation) => violation.violatingResources)).toEqual([]);
  });
});
