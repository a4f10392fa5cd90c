import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { stackNameFor } from '../shared/config/stack-contract';
import { loadStageConfig } from './config/stage-config';
import { ImageCdnStack } from './stacks/image-cdn-stack';

// `cdk synth` / `cdk deploy` entry: one stack for the stage chosen with `-c stage=<name>`.
const app = new App();
const stage = loadStageConfig(app.node);
new ImageCdnStack(app, stackNameFor(stage.name), {
  stage,
  description: `imgfront image CDN (${stage.name})`,
  // Without an explicit account/region the stack stays environment-agnostic, so synth works offline.
  env: {
    account: stage.account ?? process.env.CDK_DEFAULT_ACCOUNT,
    region: stage.region ?? process.env.CDK_DEFAULT_REGION,
  },
});
// Every synth is checked: an unacknowledged AwsSolutions finding fails it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
