import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ENV } from '../../shared/config/env-names';
import { STACK_OUTPUT } from '../../shared/config/stack-contract';
import { imageCdnProps, type StageConfig } from '../config/stage-config';
import { ImageCdn } from '../index';
import { importCloudFrontLogsBucket } from './cloudfront-logs-stack';

export interface ImageCdnStackProps extends StackProps {
  readonly stage: StageConfig;
  /** The distribution logs to `CloudFrontLogsStack`'s bucket (a stage in an opt-in Region). */
  readonly logsInFallbackRegion?: boolean;
}

/** One stage of imgfront: the `ImageCdn` construct with that stage's settings, and its outputs. */
export class ImageCdnStack extends Stack {
  readonly cdn: ImageCdn;

  constructor(scope: Construct, id: string, props: ImageCdnStackProps) {
    super(scope, id, props);
    this.cdn = new ImageCdn(this, 'ImageCdn', {
      ...imageCdnProps(props.stage),
      cloudFrontLogsBucket: props.logsInFallbackRegion
        ? importCloudFrontLogsBucket(this, this.stackName)
        : undefined,
    });

    const primaryDomain =
      props.stage.customDomain?.domainNames[0] ?? this.cdn.distribution.distributionDomainName;
    new CfnOutput(this, STACK_OUTPUT.imageBaseUrl, {
      value: `https://${primaryDomain}`,
      description: 'Base URL of the images',
    });
    new CfnOutput(this, STACK_OUTPUT.distributionDomainName, {
      value: this.cdn.distribution.distributionDomainName,
    });
    new CfnOutput(this, STACK_OUTPUT.distributionId, { value: this.cdn.distribution.distributionId });
    new CfnOutput(this, STACK_OUTPUT.registryTable, {
      value: this.cdn.registryTable.tableName,
      description: `Endpoint registry (the Lambdas read it from ${ENV.registryTable})`,
    });
    new CfnOutput(this, STACK_OUTPUT.purgeQueueUrl, { value: this.cdn.purgeQueue.queue.queueUrl });
    new CfnOutput(this, STACK_OUTPUT.invalidatorFunctionName, {
      value: this.cdn.invalidator.handler.functionName,
    });
    new CfnOutput(this, STACK_OUTPUT.edgeSyncFunctionName, {
      value: this.cdn.edgeSync.handler.functionName,
      description:
        "Brings the viewer function's KeyValueStore up to date (`imgfront` invokes it after its writes)",
    });
    new CfnOutput(this, STACK_OUTPUT.transformFunctionUrl, {
      value: this.cdn.transform.functionUrl.url,
      description: 'Reachable only through CloudFront (AWS_IAM + Origin Access Control)',
    });
    new CfnOutput(this, STACK_OUTPUT.alarmTopicArn, { value: this.cdn.alarms.topic.topicArn });
    new CfnOutput(this, STACK_OUTPUT.eventBusName, {
      value: this.cdn.events.bus.eventBusName,
      description: 'EventBridge bus of imgfront events (source "imgfront")',
    });
    if (this.cdn.originBucket) {
      new CfnOutput(this, STACK_OUTPUT.originBucketName, { value: this.cdn.originBucket.bucketName });
    }
  }
}
