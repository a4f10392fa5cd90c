import { marshall } from '@aws-sdk/util-dynamodb';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { Duration, type App } from 'aws-cdk-lib';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { join } from 'node:path';
import { stackNameFor } from '../../shared/config/stack-contract';
import { endpointItem } from '../../shared/registry/endpoint-writer';
import { parseEndpoint } from '../../shared/registry/endpoint-schema';
import { stageSettingsSchema } from '../config/stage-config';
import { InfraConfigError } from '../config/config-error';
import { ImageCdnStack } from '../stacks/image-cdn-stack';

/** The endpoint the integration test serves, reading the prefix `integ/` of the stack's own bucket. */
export const INTEG_ENDPOINT = 'integ';
const SAMPLE_KEY = `${INTEG_ENDPOINT}/sample.png`;
const OVERWRITE_KEY = `${INTEG_ENDPOINT}/overwrite.png`;
/** CloudFront invalidations take minutes; EMF metrics a minute or two. */
const WAIT = { totalTimeout: Duration.minutes(20), interval: Duration.seconds(20) };

function integEndpointItem(bucketName: string) {
  // Validated with a placeholder bucket: the real name is a deploy-time token.
  const parsed = parseEndpoint({
    id: INTEG_ENDPOINT,
    origins: [{ type: 's3', bucket: 'integ-placeholder', prefix: INTEG_ENDPOINT }],
  });
  if (!parsed.ok) throw new InfraConfigError(`integ endpoint: ${parsed.message}`);
  const [origin] = parsed.endpoint.origins;
  const origins = origin?.type === 's3' ? [{ ...origin, bucket: bucketName }] : [];
  return marshall(endpointItem({ ...parsed.endpoint, origins }), { removeUndefinedValues: true });
}

/**
 * `imgfront doctor --stage` as a CDK integration test (`@aws-cdk/integ-tests-alpha`): deploying the
 * app deploys a throwaway stage and then runs, as custom resources, the same proofs: the function URL
 * refuses a direct call, CloudFront serves a sample through an endpoint (and caches it), an overwrite
 * in the origin bucket is purged, and the transform's metrics reach CloudWatch.
 */
export function addDoctorIntegTest(app: App, stageName = 'integ') {
  const stage = { ...stageSettingsSchema.parse({}), name: stageName };
  const stack = new ImageCdnStack(app, stackNameFor(stageName), { stage });
  const { cdn } = stack;
  const bucket = cdn.originBucket;
  if (bucket === undefined) throw new InfraConfigError('the integ stage must create its origin bucket');
  new s3deploy.BucketDeployment(stack, 'IntegSamples', {
    destinationBucket: bucket,
    destinationKeyPrefix: `${INTEG_ENDPOINT}/`,
    sources: [s3deploy.Source.asset(join(__dirname, 'fixtures'))],
    prune: false,
  });

  const integ = new IntegTest(app, 'ImgfrontDoctor', { testCases: [stack] });
  const { assertions } = integ;
  const sampleUrl = `https://${cdn.distribution.distributionDomainName}/${INTEG_ENDPOINT}/tr:w-32/sample.png`;

  const directCall = assertions
    .httpApiCall(cdn.transform.functionUrl.url)
    .expect(ExpectedResult.objectLike({ status: 403 }));
  const registerEndpoint = assertions.awsApiCall('DynamoDB', 'putItem', {
    TableName: cdn.registryTable.tableName,
    Item: integEndpointItem(bucket.bucketName),
  });
  const served = assertions
    .httpApiCall(sampleUrl)
    .expect(ExpectedResult.objectLike({ status: 200, headers: { 'content-type': ['image/png'] } }));
  // Only a cached copy proves the purge: wait until CloudFront answers from its cache.
  const cached = assertions
    .httpApiCall(sampleUrl)
    .expect(ExpectedResult.objectLike({ headers: { 'x-cache': ['Hit from cloudfront'] } }))
    .waitForAssertions(WAIT);
  const overwrite = assertions.awsApiCall('S3', 'copyObject', {
    Bucket: bucket.bucketName,
    CopySource: `${bucket.bucketName}/${OVERWRITE_KEY}`,
    Key: SAMPLE_KEY,
  });
  overwrite.provider.addToRolePolicy({
    Effect: 'Allow',
    Action: ['s3:GetObject', 's3:PutObject'],
    Resource: [bucket.arnForObjects(`${INTEG_ENDPOINT}/*`)],
  });
  // Nothing else empties the cache within minutes: the first miss after the overwrite is its purge.
  const purged = assertions
    .httpApiCall(sampleUrl)
    .expect(ExpectedResult.objectLike({ status: 200, headers: { 'x-cache': ['Miss from cloudfront'] } }))
    .waitForAssertions(WAIT);
  const metrics = assertions
    .awsApiCall('CloudWatch', 'listMetrics', { Namespace: 'imgfront', MetricName: 'Requests' })
    .assertAtPath('Metrics.0.MetricName', ExpectedResult.stringLikeRegexp('^Requests$'))
    .waitForAssertions(WAIT);
  directCall.next(registerEndpoint).next(served).next(cached).next(overwrite).next(purged).next(metrics);
  return { stack, integ };
}
