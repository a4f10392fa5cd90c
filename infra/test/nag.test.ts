import { Validations, type Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { ImageCdn } from '../constructs/image-cdn';
import { stageStack, testApp } from './synth';
import { FULL_OPTIONS, cdnStack } from './variants';

/** Unacknowledged AwsSolutions and Serverless findings as `rule at construct path`, after a full synth. */
function findings(stack: Stack): string[] {
  const violations = [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap(
    (pack) => pack.validateScope(stack).violations,
  );
  return violations.flatMap((violation) =>
    violation.violatingResources.map(
      (resource) => `${violation.ruleName} at ${resource.constructPath ?? '?'}`,
    ),
  );
}

/** Every acknowledgement recorded under `scope`: rule id and the reason written for it. */
function acknowledgements(scope: IConstruct): { id: string; reason: string }[] {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, unknown>))
      .map(([id, reason]) => ({ id, reason: String(reason) })),
  );
}

describe('cdk-nag AwsSolutions and Serverless packs', () => {
  const app = testApp({ stage: 'prod' });
  const stacks: Record<string, Stack> = {
    'prod stage': stageStack(app),
    'staging stage': stageStack(app, 'staging'),
    'every option': cdnStack(app, 'full-options', FULL_OPTIONS),
    'defaults only': cdnStack(app, 'defaults', {}),
  };
  // The negative control: one wildcard nobody acknowledged, added to an otherwise clean construct.
  const tampered = cdnStack(app, 'tampered', {});
  (tampered.node.findChild('ImageCdn') as ImageCdn).transform.role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }),
  );

  // Synthesis runs the aspects and lazy values a deploy would see before the checks walk the tree.
  beforeAll(() => app.synth());

  it.each(Object.keys(stacks))('finds nothing unacknowledged in the %s', (name) => {
    expect(findings(stacks[name] as Stack)).toEqual([]);
  });

  it('still reports a wildcard the acknowledgements do not name', () => {
    expect(findings(tampered)).toEqual([
      expect.stringMatching(/^AwsSolutions-IAM5\[Resource::\*\] at tampered\/ImageCdn\/Transform\/Role/),
    ]);
  });

  it('gives every acknowledgement a written reason', () => {
    const all = Object.values(stacks).flatMap(acknowledgements);
    expect(all.length).toBeGreaterThan(0);
    for (const { id, reason } of all) {
      expect(id).toMatch(/(AwsSolutions|Serverless)-/);
      expect(reason.length).toBeGreaterThan(40);
    }
  });
});
