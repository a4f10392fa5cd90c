import { Token } from 'aws-cdk-lib';
import { InfraConfigError } from '../config/config-error';

/**
 * Opt-in Regions: CloudFront's standard logs (legacy) are never delivered to buckets there
 * ("Choosing an Amazon S3 bucket for your standard logs", CloudFront Developer Guide).
 */
export const OPT_IN_REGIONS: readonly string[] = [
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
  'ca-west-1',
  'eu-central-2',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
];

/** Where the team's CloudFront logs go when the stack's own Region cannot receive them. */
export const CLOUDFRONT_LOGS_FALLBACK_REGION = 'us-east-1';

export function receivesCloudFrontLogs(region: string): boolean {
  return Token.isUnresolved(region) || !OPT_IN_REGIONS.includes(region);
}

/** Fails the synth, with the fix, when the distribution would log into a bucket CloudFront cannot write. */
export function assertCloudFrontCanLog(stackRegion: string, hasOwnLogsBucket: boolean): void {
  if (hasOwnLogsBucket || receivesCloudFrontLogs(stackRegion)) return;
  throw new InfraConfigError(
    `CloudFront does not deliver standard logs to buckets in ${stackRegion} (an opt-in Region). ` +
      `Pass cloudFrontLogsBucket: a bucket in ${CLOUDFRONT_LOGS_FALLBACK_REGION} (or any Region not opt-in) ` +
      'with ACLs enabled (ObjectOwnership BucketOwnerPreferred), e.g. from a small stack in that Region; ' +
      "imgfront's own app does this for you (stack <stack>-cloudfront-logs).",
  );
}
