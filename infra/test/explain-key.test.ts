import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ENV } from '../../shared/config/env-names';
import { InfraConfigError } from '../config/config-error';
import { imageCdnProps, loadStageConfig, STAGES_CONTEXT_KEY } from '../config/stage-config';
import { testApp } from './synth';
import { cdnStack } from './variants';

// `imgfront explain` needs the transform to read the explain key: named by the stage, under the prefix.
const app = testApp();
const on = cdnStack(app, 'explain-on', { explainKey: 'ssm:/imgfront/prod/explain-key' });
const off = cdnStack(app, 'explain-off', {});
let onTemplate: Template;
let offTemplate: Template;

beforeAll(() => {
  app.synth();
  onTemplate = Template.fromStack(on);
  offTemplate = Template.fromStack(off);
});

const transformEnvironment = (template: Template) => {
  const [, fn] =
    Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) =>
      id.startsWith('ImageCdnTransformHandler'),
    ) ?? [];
  return (fn?.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
};

/** The SSM resources the transform role may read, as the template joins them. */
const ssmReadResources = (template: Template) =>
  Object.entries(template.findResources('AWS::IAM::Policy'))
    .filter(([id]) => id.startsWith('ImageCdnTransformRole'))
    .flatMap(([, policy]) =>
      (policy.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[])
        .filter((statement) => statement.Action === 'ssm:GetParameter')
        .map((statement) => JSON.stringify(statement.Resource)),
    );

describe('the explain key', () => {
  it('reaches the transform as IMGFRONT_EXPLAIN_KEY_REF, readable through the secret prefix grant', () => {
    expect(transformEnvironment(onTemplate)[ENV.explainKeyRef]).toBe('ssm:/imgfront/prod/explain-key');
    expect(ssmReadResources(onTemplate)).toEqual([expect.stringContaining(':parameter/imgfront/*')]);
  });

  it('is absent by default: explain is off', () => {
    expect(transformEnvironment(offTemplate)[ENV.explainKeyRef]).toBeUndefined();
  });

  it('refuses a reference outside the secret prefix or malformed, at synth', () => {
    expect(() => cdnStack(new App(), 'outside', { explainKey: 'ssm:/other/explain-key' })).toThrow(
      InfraConfigError,
    );
    expect(() => cdnStack(new App(), 'malformed', { explainKey: 'imgfront/explain-key' })).toThrow(
      /explainKey/,
    );
  });

  it('is the stage setting explainKey', () => {
    const stage = loadStageConfig(
      new App({ context: { [STAGES_CONTEXT_KEY]: { staging: { explainKey: 'secretsmanager:imgfront/x' } } } })
        .node,
    );
    expect(imageCdnProps(stage).explainKey).toBe('secretsmanager:imgfront/x');
  });
});
