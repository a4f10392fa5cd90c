import { Arn, CfnOutput, Stack, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { InfraConfigError } from '../config/config-error';
import type { ImportedOriginBucket } from './buckets';

/** Where an imported bucket sends its events, when that is not this stack's account and Region. */
interface ForeignBucket {
  readonly bucketName: string;
  readonly account: string;
  readonly region: string;
}

/**
 * S3 sends a bucket's EventBridge events only to the default bus of the bucket's own account and
 * Region, so the version writer (this stack's default bus) never hears of buckets elsewhere and
 * their purges would silently never happen. This construct opens this stack's default bus to them —
 * a bus policy for other accounts, a forwarding role for other Regions of this account — and prints
 * the one rule to create beside each bucket (output `ObjectEventForwarding`, and the README).
 */
export class ObjectEventForwarding extends Construct {
  readonly forwardingRole: iam.Role | undefined;

  constructor(scope: Construct, id: string, buckets: readonly ImportedOriginBucket[]) {
    super(scope, id);
    const stack = Stack.of(this);
    if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
      throw new InfraConfigError(
        `importedOriginBuckets in another account or Region (${buckets.map((bucket) => bucket.bucketName).join(', ')}) need the stack's account and region at synth: set them in the stage (account, region)`,
      );
    }
    const foreign = buckets.map((bucket): ForeignBucket => ({
      bucketName: bucket.bucketName,
      account: bucket.account ?? stack.account,
      region: bucket.region ?? stack.region,
    }));
    const busArn = Arn.format({ service: 'events', resource: 'event-bus', resourceName: 'default' }, stack);

    const otherAccounts = [...new Set(foreign.map((bucket) => bucket.account))].filter(
      (account) => account !== stack.account,
    );
    for (const account of otherAccounts) {
      new events.CfnEventBusPolicy(this, `Allow${account}`, {
        eventBusName: 'default',
        statementId: `imgfront-object-events-${account}`,
        statement: {
          Effect: 'Allow',
          Principal: { AWS: `arn:${stack.partition}:iam::${account}:root` },
          Action: 'events:PutEvents',
          Resource: busArn,
          // Only S3 object events may come in this way, nothing else from that account.
          Condition: { StringEquals: { 'events:source': 'aws.s3' } },
        },
      });
    }
    const sameAccountOtherRegion = foreign.some((bucket) => bucket.account === stack.account);
    this.forwardingRole = sameAccountOtherRegion
      ? new iam.Role(this, 'ForwardingRole', {
          assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
          description: 'Lets EventBridge rules in other Regions forward S3 object events to imgfront',
          inlinePolicies: {
            PutEvents: new iam.PolicyDocument({
              statements: [new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [busArn] })],
            }),
          },
        })
      : undefined;

    new CfnOutput(this, 'Steps', {
      key: 'ObjectEventForwarding',
      description: 'Create these rules beside the imported buckets, or their changes are never purged',
      value: foreign.map((bucket) => this.step(bucket, busArn)).join(' | '),
    });
  }

  /** The bucket-side step: turn on EventBridge for the bucket and forward its object events here. */
  private step(bucket: ForeignBucket, busArn: string): string {
    const role =
      bucket.account === Stack.of(this).account && this.forwardingRole
        ? this.forwardingRole.roleArn
        : '<a role in the bucket account allowing events:PutEvents on the target bus>';
    return (
      `${bucket.bucketName} (${bucket.account}, ${bucket.region}): ` +
      `aws s3api put-bucket-notification-configuration --bucket ${bucket.bucketName} --notification-configuration '{"EventBridgeConfiguration":{}}'; ` +
      `aws events put-rule --region ${bucket.region} --name imgfront-${bucket.bucketName} --event-pattern '{"source":["aws.s3"],"detail-type":["Object Created","Object Deleted"],"detail":{"bucket":{"name":["${bucket.bucketName}"]}}}'; ` +
      `aws events put-targets --region ${bucket.region} --rule imgfront-${bucket.bucketName} --targets Id=imgfront,Arn=${busArn},RoleArn=${role}`
    );
  }
}
