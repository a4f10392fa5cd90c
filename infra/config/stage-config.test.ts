import { App } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CDK_JSON_CONTEXT } from '../test/synth';
import { InfraConfigError } from './config-error';
import { imageCdnProps, loadStageConfig, STAGES_CONTEXT_KEY } from './stage-config';

const load = (context: Record<string, unknown>) => loadStageConfig(new App({ context }).node);
const withStage = (settings: unknown) => load({ [STAGES_CONTEXT_KEY]: { staging: settings } });

describe('loadStageConfig', () => {
  it('picks staging when no stage is given, with safe defaults for everything cdk.json leaves out', () => {
    const stage = load(CDK_JSON_CONTEXT);
    expect(stage).toMatchObject({
      name: 'staging',
      retainData: false,
      transformMemoryMb: 2048,
      priceClass: 'PriceClass_100',
      corsAllowedOrigins: ['*'],
      createOriginBucket: true,
      secretNamePrefix: 'imgfront/',
    });
    expect(stage.webAcl).toBeUndefined();
  });

  it('reads prod from cdk.json with -c stage=prod', () => {
    expect(load({ ...CDK_JSON_CONTEXT, stage: 'prod' })).toMatchObject({
      name: 'prod',
      region: 'us-east-1',
      retainData: true,
      priceClass: 'PriceClass_All',
      originShieldRegion: 'us-east-1',
      webAcl: { requestsPerFiveMinutesPerIp: 3000 },
    });
  });

  it('refuses an unknown stage and lists the defined ones', () => {
    expect(() => load({ ...CDK_JSON_CONTEXT, stage: 'qa' })).toThrow(
      new InfraConfigError('Unknown stage "qa" (cdk.json "imgfront:stages" defines: staging, prod)'),
    );
  });

  it.each([
    [{ priceClas: 'PriceClass_All' }, /priceClas/],
    [{ logRetentionDays: 8 }, /logRetentionDays/],
    [{ transformMemoryMb: 128 }, /transformMemoryMb/],
    [{ region: 'Europe' }, /region: must be an AWS region/],
    [{ importedOriginBuckets: [{ bucketName: 'UPPER_case' }] }, /importedOriginBuckets\.0\.bucketName/],
    [{ customDomain: { domainNames: [] } }, /customDomain\.domainNames/],
    [{ alarmEmail: 'not-an-address' }, /alarmEmail/],
  ])('refuses %j with a message naming the setting', (settings, message) => {
    expect(() => withStage(settings)).toThrow(InfraConfigError);
    expect(() => withStage(settings)).toThrow(message);
  });
});

describe('imageCdnProps', () => {
  it('turns JSON settings into construct props', () => {
    const props = imageCdnProps(withStage({ priceClass: 'PriceClass_200', logRetentionDays: 90 }));
    expect(props.priceClass).toBe(cloudfront.PriceClass.PRICE_CLASS_200);
    expect(props.logRetention).toBe(logs.RetentionDays.THREE_MONTHS);
    expect(props.accessLogRetention?.toDays()).toBe(90);
  });
});
