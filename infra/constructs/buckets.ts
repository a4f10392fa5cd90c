import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { acknowledgeNagRule } from './nag';

/** An existing bucket of originals, imported by name. */
export interface ImportedOriginBucket {
  /** The bucket's name; it must send its events to EventBridge for purges on change to work. */
  readonly bucketName: string;
  /**
   * Only keys under this prefix may be read.
   * @default '' (the whole bucket)
   */
  readonly keyPrefix?: string;
  /**
   * ARN of the KMS key the bucket encrypts with, when it uses SSE-KMS.
   * @default none (SSE-S3)
   */
  readonly encryptionKeyArn?: string;
  /**
   * The bucket's account, when not the stack's: its events are forwarded here (see
   * `ObjectEventForwarding`); reading it needs an origin `roleArn` that account trusts.
   * @default the stack's account
   */
  readonly account?: string;
  /**
   * The bucket's Region, when not the stack's: its events are forwarded here.
   * @default the stack's Region
   */
  readonly region?: string;
}

/** Whether `bucket` lives outside the stack's account or Region (its events need forwarding). */
export function isForeignBucket(
  bucket: ImportedOriginBucket,
  stack: { account: string; region: string },
): boolean {
  return (
    (bucket.account !== undefined && bucket.account !== stack.account) ||
    (bucket.region !== undefined && bucket.region !== stack.region)
  );
}

/** A bucket the transform reads originals from, with the part it may read. */
export interface OriginBucket {
  readonly bucket: s3.IBucket;
  readonly keyPrefix: string;
  readonly encryptionKey?: kms.IKey;
}

/**
 * Kept with the stack's data, or emptied and deleted with it: `cdk destroy` of a non-production stage
 * would otherwise stop at the first bucket holding objects.
 */
function removalFor(retainData: boolean): Pick<s3.BucketProps, 'removalPolicy' | 'autoDeleteObjects'> {
  return retainData
    ? { removalPolicy: RemovalPolicy.RETAIN }
    : { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true };
}

const PRIVATE_BUCKET: s3.BucketProps = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  encryption: s3.BucketEncryption.S3_MANAGED,
  enforceSSL: true,
};

/**
 * Access logs of the distribution and the origin bucket. CloudFront's standard logs are delivered
 * through an ACL grant, so ACLs stay enabled (bucket owner preferred); nothing here is public.
 */
export function createLogsBucket(
  scope: Construct,
  id: string,
  options: { retainData: boolean; expiration: Duration; bucketName?: string },
): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    ...PRIVATE_BUCKET,
    bucketName: options.bucketName,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
    lifecycleRules: [{ expiration: options.expiration }],
    ...removalFor(options.retainData),
  });
  acknowledgeNagRule(
    bucket,
    'S1',
    'This is the access-log bucket itself: logging it into itself would loop, into another bucket only moves the question.',
  );
  return bucket;
}

/**
 * A private, versioned bucket for originals that sends object events to EventBridge, so the version
 * writer hears about overwrites and deletes.
 */
export function createOriginBucket(
  scope: Construct,
  id: string,
  options: { retainData: boolean; logsBucket: s3.IBucket },
): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    ...PRIVATE_BUCKET,
    versioned: true,
    serverAccessLogsBucket: options.logsBucket,
    serverAccessLogsPrefix: 'origin-bucket/',
    lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
    ...removalFor(options.retainData),
  });
  // CloudFormation's own EventBridge switch; `eventBridgeEnabled` would add a custom-resource Lambda.
  const cfnBucket = bucket.node.defaultChild as s3.CfnBucket;
  cfnBucket.notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };
  return bucket;
}

/**
 * The bucket of kept copies of web originals (endpoint setting `keepOriginalCopy`): private, encrypted,
 * SSL only, access-logged like the origin bucket. Copies are a cache that purges delete; the expiry rule
 * is the backstop for copies no purge reaches (an origin changed without one, an endpoint removed).
 */
export function createOriginalCopiesBucket(
  scope: Construct,
  id: string,
  options: { retainData: boolean; logsBucket: s3.IBucket; expiration: Duration },
): s3.Bucket {
  return new s3.Bucket(scope, id, {
    ...PRIVATE_BUCKET,
    serverAccessLogsBucket: options.logsBucket,
    serverAccessLogsPrefix: 'original-copies/',
    lifecycleRules: [
      { expiration: options.expiration, abortIncompleteMultipartUploadAfter: Duration.days(1) },
    ],
    ...removalFor(options.retainData),
  });
}

/** Imports an existing bucket of originals by name. */
export function importOriginBucket(scope: Construct, id: string, spec: ImportedOriginBucket): OriginBucket {
  return {
    bucket: s3.Bucket.fromBucketAttributes(scope, id, {
      bucketName: spec.bucketName,
      account: spec.account,
      region: spec.region,
    }),
    keyPrefix: spec.keyPrefix ?? '',
    encryptionKey: spec.encryptionKeyArn
      ? kms.Key.fromKeyArn(scope, `${id}Key`, spec.encryptionKeyArn)
      : undefined,
  };
}
