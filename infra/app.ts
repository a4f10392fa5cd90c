import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { loadStageConfig } from './config/stage-config';
import { addStageStacks } from './stacks/stage-stacks';

// `cdk synth` / `cdk deploy` entry: one stack for the stage chosen with `-c stage=<name>`.
const app = new App();
const stage = loadStageConfig(app.node);
// Without an explicit account/region the stack stays environment-agnostic, so synth works offline.
addStageStacks(app, stage, {
  account: stage.account ?? process.env.CDK_DEFAULT_ACCOUNT,
  region: stage.region ?? process.env.CDK_DEFAULT_REGION,
});
// Every synth is checked: an unacknowledged AwsSolutions or Serverless finding fails it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
