/**
 * What the deployed stack promises its tools: its name per stage and its output keys. `infra/` writes
 * them, the CLI reads them; both import them from here so they cannot drift apart.
 */
export const STACK_OUTPUT = {
  imageBaseUrl: 'ImageBaseUrl',
  distributionDomainName: 'DistributionDomainName',
  distributionId: 'DistributionId',
  registryTable: 'RegistryTableName',
  purgeQueueUrl: 'PurgeQueueUrl',
  invalidatorFunctionName: 'InvalidatorFunctionName',
  /** The CLI invokes it after its writes, so the viewer function's KeyValueStore is current at once. */
  edgeSyncFunctionName: 'EdgeSyncFunctionName',
  alarmTopicArn: 'AlarmTopicArn',
  originBucketName: 'OriginBucketName',
  /** The transform function URL: `imgfront doctor` proves it refuses calls that bypass CloudFront. */
  transformFunctionUrl: 'TransformFunctionUrl',
  eventBusName: 'EventBusName',
} as const;

/** The CloudFormation stack `npx cdk deploy -c stage=<stage>` deploys. */
export const stackNameFor = (stage: string): string => `imgfront-${stage}`;
