import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ENV } from '../../shared/config/env-names';
import { InfraConfigError } from '../config/config-error';
import { imageCdnProps, loadStageConfig, STAGES_CONTEXT_KEY } from '../config/stage-config';
import { ImageCdn } from '../constructs/image-cdn';
import { testApp } from './synth';
import { cdnStack } from './variants';

// `fo-face` needs `rekognition:DetectFaces`: granted to the transform only when a stage enables it.
const app = testApp();
const on = cdnStack(app, 'faces-on', { faceDetection: true });
const off = cdnStack(app, 'faces-off', {});
const tampered = cdnStack(app, 'faces-tampered', { faceDetection: true });
(tampered.node.findChild('ImageCdn') as ImageCdn).transform.role.addToPrincipalPolicy(
  new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }),
);
let onTemplate: Template;
let offTemplate: Template;

beforeAll(() => {
  app.synth();
  onTemplate = Template.fromStack(on);
  offTemplate = Template.fromStack(off);
});

interface Statement {
  Action: string | string[];
  Resource: unknown;
}

/** Every IAM statement in a template, with the roles its policy is attached to. */
function statements(template: Template): { statement: Statement; roles: unknown }[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
    (policy.Properties.PolicyDocument.Statement as Statement[]).map((statement) => ({
      statement,
      roles: policy.Properties.Roles,
    })),
  );
}

const rekognitionGrants = (template: Template) =>
  statements(template).filter(({ statement }) =>
    [statement.Action].flat().some((action) => action.startsWith('rekognition:')),
  );

/** The transform function's logical id and its role's (ids are path-derived and stable). */
function transformIds(template: Template): {
  fn: [string, { Properties: Record<string, unknown> }];
  role: string;
} {
  const fn = Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) =>
    id.startsWith('ImageCdnTransformHandler'),
  );
  const role = Object.keys(template.findResources('AWS::IAM::Role')).find((id) =>
    id.startsWith('ImageCdnTransformRole'),
  );
  if (!fn || !role) throw new TypeError('no transform function or role in the template');
  return { fn: fn as [string, { Properties: Record<string, unknown> }], role };
}

const environmentOf = (template: Template) =>
  (transformIds(template).fn[1].Properties.Environment as { Variables: Record<string, unknown> }).Variables;

function findings(stack: Stack): string[] {
  const report = new AwsSolutionsChecks().validateScope(stack);
  return report.violations.flatMap((violation) =>
    violation.violatingResources.map(
      (resource) => `${violation.ruleName} at ${resource.constructPath ?? '?'}`,
    ),
  );
}

describe('face detection on', () => {
  it('grants the transform role rekognition:DetectFaces, and nothing else of Rekognition', () => {
    const grants = rekognitionGrants(onTemplate);
    expect(grants).toEqual([
      {
        statement: expect.objectContaining({
          Action: 'rekognition:DetectFaces',
          Effect: 'Allow',
          Resource: '*',
        }),
        roles: [{ Ref: transformIds(onTemplate).role }],
      },
    ]);
  });

  it('tells the function so, and creates it after the grant', () => {
    expect(environmentOf(onTemplate)[ENV.faceDetection]).toBe('true');
    const [policyId] = Object.keys(onTemplate.findResources('AWS::IAM::Policy')).filter((id) =>
      id.startsWith('ImageCdnTransformFaceDetection'),
    );
    const fn = onTemplate.findResources('AWS::Lambda::Function')[transformIds(onTemplate).fn[0]];
    expect(fn?.DependsOn).toEqual(expect.arrayContaining([policyId]));
  });

  it('passes cdk-nag with the wildcard acknowledged for that policy only', () => {
    expect(findings(on)).toEqual([]);
    expect(findings(tampered)).toEqual([
      expect.stringMatching(
        /^AwsSolutions-IAM5\[Resource::\*\] at faces-tampered\/ImageCdn\/Transform\/Role/,
      ),
    ]);
  });
});

describe('face detection off (the default)', () => {
  it('grants no Rekognition action and sets no face detection variable', () => {
    expect(rekognitionGrants(offTemplate)).toEqual([]);
    expect(environmentOf(offTemplate)[ENV.faceDetection]).toBeUndefined();
    expect(findings(off)).toEqual([]);
  });
});

describe('the stage option faceDetection', () => {
  const stage = (settings: unknown) =>
    loadStageConfig(new App({ context: { [STAGES_CONTEXT_KEY]: { staging: settings } } }).node);

  it('is off unless a stage turns it on, and reaches the construct props', () => {
    expect(imageCdnProps(stage({})).faceDetection).toBe(false);
    expect(imageCdnProps(stage({ faceDetection: true })).faceDetection).toBe(true);
  });

  it('refuses a value that is not a boolean, naming it', () => {
    expect(() => stage({ faceDetection: 'yes' })).toThrow(InfraConfigError);
    expect(() => stage({ faceDetection: 'yes' })).toThrow(/faceDetection/);
  });
});
