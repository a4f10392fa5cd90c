import { Aws, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { createLogsBucket } from '../constructs/buckets';
import { CLOUDFRONT_LOGS_FALLBACK_REGION } from '../constructs/cloudfront-logs';

export interface CloudFrontLogsStackProps extends StackProps {
  /** The image CDN stack whose distribution logs here. */
  readonly imageStackName: string;
  readonly retainData: boolean;
  readonly expiration: Duration;
}

/** The bucket's name, derivable in both stacks (same account), so no cross-region reference is needed. */
export const cloudFrontLogsBucketName = (imageStackName: string): string =>
  `${imageStackName}-cloudfront-logs-${Aws.ACCOUNT_ID}`;

/**
 * A logs bucket in us-east-1 for a stage in an opt-in Region, where CloudFront delivers no standard
 * logs; deployed before the image stack (the app adds the dependency).
 */
export class CloudFrontLogsStack extends Stack {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: CloudFrontLogsStackProps) {
    super(scope, id, { ...props, env: { ...props.env, region: CLOUDFRONT_LOGS_FALLBACK_REGION } });
    this.bucket = createLogsBucket(this, 'CloudFrontLogs', {
      retainData: props.retainData,
      expiration: props.expiration,
      bucketName: cloudFrontLogsBucketName(props.imageStackName),
    });
  }
}

/** The logs bucket of `CloudFrontLogsStack`, seen from the image stack. */
export function importCloudFrontLogsBucket(scope: Construct, imageStackName: string): s3.IBucket {
  return s3.Bucket.fromBucketAttributes(scope, 'CloudFrontLogs', {
    bucketName: cloudFrontLogsBucketName(imageStackName),
    region: CLOUDFRONT_LOGS_FALLBACK_REGION,
  });
}
