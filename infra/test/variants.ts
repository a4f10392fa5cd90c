import { Stack, type App } from 'aws-cdk-lib';
import { ImageCdn, type ImageCdnProps } from '../constructs/image-cdn';

/** A stage using every option the construct offers, imported resources included. */
export const FULL_OPTIONS: ImageCdnProps = {
  createOriginBucket: false,
  importedOriginBuckets: [
    { bucketName: 'acme-photos', keyPrefix: 'public/' },
    {
      bucketName: 'acme-private',
      encryptionKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    },
  ],
  originRoleArns: ['arn:aws:iam::210987654321:role/imgfront-reader'],
  corsAllowedOrigins: ['https://shop.example.com', 'https://www.example.com'],
  customDomain: {
    domainNames: ['img.example.com'],
    certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555',
    hostedZone: { hostedZoneId: 'Z0123456789ABCDEFGHIJ', zoneName: 'example.com' },
  },
  webAcl: { webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/imgfront/abcd' },
  originShieldRegion: 'eu-west-1',
  alarmEmail: 'oncall@example.com',
  deviceLimitEndpoints: ['shop'],
  alarmEndpoints: ['shop', 'blog'],
  errorRateAlarmThresholdPercent: 2,
  webhooks: [
    {
      url: 'https://hooks.example.com/imgfront',
      events: ['Purge Completed', 'Origin Failing'],
      secret: 'imgfront/webhooks/ops',
    },
    {
      url: 'https://search.example.com/reindex',
      events: ['Version Recorded'],
      secret: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:imgfront/webhooks/search-AbCdEf',
    },
  ],
  tracing: true,
  playground: true,
};

/** A stack holding one ImageCdn with `props`, in `region`. */
export function cdnStack(app: App, id: string, props: ImageCdnProps, region = 'eu-west-1'): Stack {
  const stack = new Stack(app, id, { env: { account: '123456789012', region } });
  new ImageCdn(stack, 'ImageCdn', props);
  return stack;
}
