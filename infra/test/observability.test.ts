import { Match, Template } from 'aws-cdk-lib/assertions';
import { imageCdnProps, stageSettingsSchema } from '../config/stage-config';
import { cdnStack } from './variants';
import { testApp } from './synth';

let plain: Template;
let traced: Template;

beforeAll(() => {
  const app = testApp();
  const stage = (settings: Record<string, unknown>) =>
    imageCdnProps({ ...stageSettingsSchema.parse(settings), name: 'test' });
  const plainStack = cdnStack(app, 'plain', stage({}));
  const tracedStack = cdnStack(app, 'traced', stage({ tracing: true, debugLogSampleRate: 0.05 }));
  [plain, traced] = [Template.fromStack(plainStack), Template.fromStack(tracedStack)];
});

/** imgfront's own functions (not CDK's bucket auto-delete provider). */
const functions = (template: Template) =>
  Object.values(template.findResources('AWS::Lambda::Function')).filter((fn) =>
    String(fn.Properties.Description).startsWith('imgfront'),
  );
const SERVICES = [
  'imgfront-transform',
  'imgfront-version-writer',
  'imgfront-invalidator',
  'imgfront-edge-sync',
];

describe('logs, metrics and traces of the functions', () => {
  it('names each function its Powertools service and the imgfront metrics namespace', () => {
    for (const service of SERVICES) {
      plain.hasResourceProperties('AWS::Lambda::Function', {
        Environment: {
          Variables: Match.objectLike({
            POWERTOOLS_SERVICE_NAME: service,
            POWERTOOLS_METRICS_NAMESPACE: 'imgfront',
            POWERTOOLS_LOG_LEVEL: 'INFO',
          }),
        },
        // Lambda's JSON log format would override Powertools' level (and its sampled DEBUG).
        LoggingConfig: Match.objectLike({ LogFormat: 'Text' }),
      });
    }
  });

  it('leaves X-Ray tracing and sampled DEBUG off unless the stage turns them on', () => {
    expect(functions(plain)).toHaveLength(SERVICES.length);
    for (const fn of functions(plain)) {
      expect(fn.Properties.TracingConfig).toBeUndefined();
      expect(fn.Properties.Environment.Variables).toMatchObject({
        POWERTOOLS_TRACE_ENABLED: 'false',
        POWERTOOLS_LOGGER_SAMPLE_RATE: '0',
      });
    }
  });

  it('traces every function actively with a stage setting `tracing: true`', () => {
    for (const fn of functions(traced)) {
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.Environment.Variables).toMatchObject({
        POWERTOOLS_TRACE_ENABLED: 'true',
        POWERTOOLS_LOGGER_SAMPLE_RATE: '0.05',
      });
    }
    // CDK grants the X-Ray writes to each role; nowhere without tracing.
    const policies = (template: Template) => JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies(traced).match(/xray:PutTraceSegments/g)).toHaveLength(SERVICES.length);
    expect(policies(plain)).not.toContain('xray:');
  });
});
