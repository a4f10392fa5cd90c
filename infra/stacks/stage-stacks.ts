import { Duration, type App, type Environment } from 'aws-cdk-lib';
import { stackNameFor } from '../../shared/config/stack-contract';
import type { StageConfig } from '../config/stage-config';
import { receivesCloudFrontLogs } from '../constructs/cloudfront-logs';
import { CloudFrontLogsStack } from './cloudfront-logs-stack';
import { ImageCdnStack } from './image-cdn-stack';

/**
 * The stacks of one stage: the image CDN, plus a us-east-1 logs bucket when the stage's Region is
 * opt-in (CloudFront delivers standard logs to no bucket there).
 */
export function addStageStacks(app: App, stage: StageConfig, env: Environment): ImageCdnStack {
  const name = stackNameFor(stage.name);
  const logsInFallbackRegion = env.region !== undefined && !receivesCloudFrontLogs(env.region);
  const imageStack = new ImageCdnStack(app, name, {
    stage,
    description: `imgfront image CDN (${stage.name})`,
    env,
    logsInFallbackRegion,
  });
  if (logsInFallbackRegion) {
    const logsStack = new CloudFrontLogsStack(app, `${name}-cloudfront-logs`, {
      imageStackName: name,
      description: `imgfront CloudFront standard logs (${stage.name}; its Region is opt-in)`,
      env: { account: env.account },
      retainData: stage.retainData,
      expiration: Duration.days(stage.accessLogRetentionDays),
    });
    imageStack.addDependency(logsStack);
  }
  return imageStack;
}
