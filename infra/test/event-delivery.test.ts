import { Match, Template } from 'aws-cdk-lib/assertions';
import { ENV } from '../../shared/config/env-names';
import { SERVICE_NAME } from '../../shared/log/logger';
import { InfraConfigError } from '../config/config-error';
import { imageCdnProps, loadStageConfig, STAGES_CONTEXT_KEY } from '../config/stage-config';
import { stageStack, testApp } from './synth';
import { FULL_OPTIONS, cdnStack } from './variants';

let full: Template;
let staging: Template;

beforeAll(() => {
  const app = testApp({ stage: 'staging' });
  const stacks = [stageStack(app), cdnStack(app, 'full-options', FULL_OPTIONS)];
  [staging, full] = stacks.map((stack) => Template.fromStack(stack)) as [Template, Template];
});

const busRef = (template: Template) => ({
  Ref: Object.keys(template.findResources('AWS::Events::EventBus'))[0],
});

/** The webhook rules, not the invalidator's schedule or the version writer's S3 rule (not on the bus). */
const webhookRules = (template: Template) =>
  Object.entries(template.findResources('AWS::Events::Rule'))
    .filter(([, rule]) => rule.Properties.EventBusName !== undefined)
    .map(([id, rule]) => ({ id, Properties: rule.Properties }));

/** The one webhook signer function, by the service name it logs under. */
function signerOf(template: Template) {
  const signers = Object.entries(template.findResources('AWS::Lambda::Function')).filter(
    ([, fn]) =>
      fn.Properties.Environment?.Variables?.[ENV.powertoolsServiceName] === SERVICE_NAME.webhookSigner,
  );
  expect(signers).toHaveLength(1);
  const [signer] = signers;
  if (signer === undefined) throw new TypeError('expected one webhook signer function');
  const [id, fn] = signer;
  return { id, Properties: fn.Properties };
}

describe('the event bus', () => {
  it('is one per stage, named after the stack', () => {
    staging.resourceCountIs('AWS::Events::EventBus', 1);
    staging.hasResourceProperties('AWS::Events::EventBus', { Name: 'imgfront-staging-events' });
    staging.hasOutput('EventBusName', { Value: busRef(staging) });
  });

  it('is named to every Lambda that publishes, and each may put events on it and nowhere else', () => {
    const functions = Object.values(staging.findResources('AWS::Lambda::Function'));
    const publishers: string[] = [
      SERVICE_NAME.transform,
      SERVICE_NAME.versionWriter,
      SERVICE_NAME.invalidator,
    ];
    const imgfront = functions.filter((fn) =>
      publishers.includes(fn.Properties.Environment?.Variables?.[ENV.powertoolsServiceName]),
    );
    expect(imgfront).toHaveLength(3);
    for (const fn of imgfront)
      expect(fn.Properties.Environment.Variables[ENV.eventBusName]).toEqual(busRef(staging));
    const grants = Object.values(staging.findResources('AWS::IAM::Policy')).flatMap((policy) =>
      (
        policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]
      ).filter((statement) => [statement.Action].flat().includes('events:PutEvents')),
    );
    expect(grants).toHaveLength(3);
    for (const grant of grants)
      expect(grant.Resource).toEqual({ 'Fn::GetAtt': [busRef(staging).Ref, 'Arn'] });
  });

  it('has no webhooks, and no signer Lambda, unless the stage lists some', () => {
    const signers = Object.values(staging.findResources('AWS::Lambda::Function')).filter(
      (fn) =>
        fn.Properties.Environment?.Variables?.[ENV.powertoolsServiceName] === SERVICE_NAME.webhookSigner,
    );
    expect(signers).toEqual([]);
  });
});

describe('webhooks', () => {
  it('get a rule on the bus per webhook, matching only its event types', () => {
    full.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: busRef(full),
      EventPattern: { source: ['imgfront'], 'detail-type': ['Purge Completed', 'Origin Failing'] },
      State: 'ENABLED',
    });
    full.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: busRef(full),
      EventPattern: { source: ['imgfront'], 'detail-type': ['Version Recorded'] },
    });
  });

  it('target one signer Lambda, passing the destination and the whole event in the target input', () => {
    const signer = signerOf(full);
    expect(signer.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: 30 });
    const inputs = webhookRules(full).map((rule) => {
      const [target, ...others] = rule.Properties.Targets;
      expect(others).toEqual([]);
      expect(target.Arn).toEqual({ 'Fn::GetAtt': [signer.id, 'Arn'] });
      expect(target.InputTransformer.InputPathsMap).toEqual({ f1: '$' });
      return JSON.parse(target.InputTransformer.InputTemplate.replace('<f1>', '{}'));
    });
    expect(inputs).toEqual(
      expect.arrayContaining([
        {
          webhook: { url: 'https://hooks.example.com/imgfront', secret: 'imgfront/webhooks/ops' },
          event: {},
        },
        {
          webhook: {
            url: 'https://search.example.com/reindex',
            secret: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:imgfront/webhooks/search-AbCdEf',
          },
          event: {},
        },
      ]),
    );
    // Each rule may invoke it, and only the rules.
    for (const rule of webhookRules(full)) {
      full.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [signer.id, 'Arn'] },
        Principal: 'events.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [rule.id, 'Arn'] },
      });
    }
  });

  it("let the signer read exactly its webhooks' secrets, and never put a secret in the template", () => {
    const signer = signerOf(full);
    const role = signer.Properties.Role['Fn::GetAtt'][0];
    const statements = Object.values(full.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: role }]))
      .flatMap(
        (policy) => policy.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[],
      );
    const secretReads = statements.filter((statement) =>
      JSON.stringify(statement.Action).includes('secretsmanager:'),
    );
    expect(secretReads).toEqual([
      {
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
        Effect: 'Allow',
        Resource: [
          'arn:aws:secretsmanager:eu-west-1:123456789012:secret:imgfront/webhooks/ops-??????',
          'arn:aws:secretsmanager:eu-west-1:123456789012:secret:imgfront/webhooks/search-AbCdEf',
        ],
      },
    ]);
    // No other function may read them, and nothing resolves a secret value into the template.
    const everyPolicy = JSON.stringify(full.findResources('AWS::IAM::Policy'));
    expect(everyPolicy.match(/imgfront\/webhooks\/ops/g)).toHaveLength(1);
    expect(JSON.stringify(full.toJSON())).not.toContain('resolve:secretsmanager');
  });

  it('no longer use API destinations or connections, which cannot sign bodies', () => {
    full.resourceCountIs('AWS::Events::ApiDestination', 0);
    full.resourceCountIs('AWS::Events::Connection', 0);
    expect(JSON.stringify(full.toJSON())).not.toContain('x-imgfront-webhook-secret');
  });

  it('retry for hours, then keep the event in a dead-letter queue that raises an alarm', () => {
    const dlq = Object.keys(full.findResources('AWS::SQS::Queue')).find((id) =>
      id.includes('WebhookDeadLetters'),
    );
    expect(dlq).toBeDefined();
    const rules = webhookRules(full);
    expect(rules).toHaveLength(2);
    for (const rule of rules) {
      // EventBridge's own retries cover a signer that cannot be invoked (throttled, unavailable).
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlq, 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: 12, MaximumEventAgeInSeconds: 6 * 3600 },
        }),
      ]);
    }
    // A delivery that keeps failing fails the invocation: Lambda retries it twice, then sends it, with
    // the error, to the same queue (on-failure destination), which the signer's role may write to.
    const signer = signerOf(full);
    full.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: signer.id },
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 6 * 3600,
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlq, 'Arn'] } } },
    });
    full.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: signer.Properties.Role['Fn::GetAtt'][0] }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: Match.arrayWith(['sqs:SendMessage']),
            Resource: { 'Fn::GetAtt': [dlq, 'Arn'] },
          }),
        ]),
      },
    });
    full.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }],
      MetricName: 'ApproximateNumberOfMessagesVisible',
    });
  });
});

describe('webhooks in a stage (cdk.json)', () => {
  const withWebhooks = (webhooks: unknown) => {
    const app = testApp();
    app.node.setContext(STAGES_CONTEXT_KEY, { staging: { webhooks } });
    return cdnStack(app, 'hooks', imageCdnProps(loadStageConfig(app.node)));
  };

  it('reach the construct', () => {
    const template = Template.fromStack(
      withWebhooks([
        { url: 'https://hooks.example.com/x', events: ['Purge Requested'], secret: 'imgfront/hook' },
      ]),
    );
    const [rule] = webhookRules(template);
    expect(rule?.Properties.Targets[0].InputTransformer.InputTemplate).toContain(
      '"webhook":{"url":"https://hooks.example.com/x","secret":"imgfront/hook"}',
    );
  });

  it.each([
    [
      'a plain-http URL',
      [{ url: 'http://hooks.example.com/x', events: ['Purge Requested'], secret: 's' }],
      /https/,
    ],
    [
      'an unknown event type',
      [{ url: 'https://h.example.com/', events: ['Purge Done'], secret: 's' }],
      /events/,
    ],
    ['no event types', [{ url: 'https://h.example.com/', events: [], secret: 's' }], /events/],
    [
      'a secret value instead of a name',
      [{ url: 'https://h.example.com/', events: ['Origin Failing'], secret: 'p@ss word!' }],
      /secret/,
    ],
    [
      'the same URL twice',
      [
        { url: 'https://h.example.com/', events: ['Origin Failing'], secret: 's' },
        { url: 'https://h.example.com/', events: ['Purge Completed'], secret: 's' },
      ],
      /each URL once/,
    ],
  ])('refuse %s, naming the setting', (_case, webhooks, message) => {
    expect(() => withWebhooks(webhooks)).toThrow(InfraConfigError);
    expect(() => withWebhooks(webhooks)).toThrow(message);
  });
});
