import { Match, Template } from 'aws-cdk-lib/assertions';
import { ENV } from '../../shared/config/env-names';
import { WEBHOOK_SECRET_HEADER } from '../../shared/events/webhook-auth';
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

describe('the event bus', () => {
  it('is one per stage, named after the stack', () => {
    staging.resourceCountIs('AWS::Events::EventBus', 1);
    staging.hasResourceProperties('AWS::Events::EventBus', { Name: 'imgfront-staging-events' });
    staging.hasOutput('EventBusName', { Value: busRef(staging) });
  });

  it('is named to every Lambda, and each may put events on it and nowhere else', () => {
    const functions = Object.values(staging.findResources('AWS::Lambda::Function'));
    const imgfront = functions.filter((fn) => fn.Properties.Environment?.Variables?.[ENV.registryTable]);
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

  it('has no webhooks unless the stage lists some', () => {
    staging.resourceCountIs('AWS::Events::ApiDestination', 0);
    staging.resourceCountIs('AWS::Events::Connection', 0);
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

  it('deliver through API destinations that POST to the URL', () => {
    full.resourceCountIs('AWS::Events::ApiDestination', 2);
    full.hasResourceProperties('AWS::Events::ApiDestination', {
      InvocationEndpoint: 'https://hooks.example.com/imgfront',
      HttpMethod: 'POST',
    });
    full.hasResourceProperties('AWS::Events::ApiDestination', {
      InvocationEndpoint: 'https://search.example.com/reindex',
      HttpMethod: 'POST',
    });
  });

  it('authenticate with the secret header, taken from Secrets Manager by reference, never in plain text', () => {
    full.resourceCountIs('AWS::Events::Connection', 2);
    full.hasResourceProperties('AWS::Events::Connection', {
      AuthorizationType: 'API_KEY',
      AuthParameters: {
        ApiKeyAuthParameters: {
          ApiKeyName: WEBHOOK_SECRET_HEADER,
          ApiKeyValue: '{{resolve:secretsmanager:imgfront/webhooks/ops:SecretString:::}}',
        },
      },
    });
    full.hasResourceProperties('AWS::Events::Connection', {
      AuthParameters: {
        ApiKeyAuthParameters: {
          ApiKeyValue: Match.stringLikeRegexp(
            '^\\{\\{resolve:secretsmanager:arn:aws:secretsmanager:.*search-AbCdEf',
          ),
        },
      },
    });
  });

  it('retry for hours, then keep the event in a dead-letter queue that raises an alarm', () => {
    const dlq = Object.keys(full.findResources('AWS::SQS::Queue')).find((id) =>
      id.includes('WebhookDeadLetters'),
    );
    expect(dlq).toBeDefined();
    // The webhook rules, not the invalidator's schedule (which has no event pattern).
    const rules = Object.values(full.findResources('AWS::Events::Rule')).filter(
      (rule) => rule.Properties.EventBusName !== undefined,
    );
    expect(rules).toHaveLength(2);
    for (const rule of rules) {
      expect(rule.Properties.Targets).toEqual([
        expect.objectContaining({
          Arn: { 'Fn::GetAtt': [expect.stringContaining('Destination'), 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlq, 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: 12, MaximumEventAgeInSeconds: 6 * 3600 },
        }),
      ]);
    }
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
    template.hasResourceProperties('AWS::Events::ApiDestination', {
      InvocationEndpoint: 'https://hooks.example.com/x',
    });
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
