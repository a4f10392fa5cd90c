import { Token } from 'aws-cdk-lib';
import { InfraConfigError } from '../config/config-error';

/**
 * The Regions that host Origin Shield, and for every other Region the one AWS recommends, from
 * "Choosing the AWS Region for Origin Shield" in the CloudFront Developer Guide (the same table
 * aws-samples/image-optimization ships). A Region missing here fails the synth instead of the deploy.
 */
const ORIGIN_SHIELD_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'ap-south-1',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'sa-east-1',
] as const;

const RECOMMENDED_FOR_OTHER_REGIONS: Readonly<Record<string, (typeof ORIGIN_SHIELD_REGIONS)[number]>> = {
  'us-west-1': 'us-west-2',
  'af-south-1': 'eu-west-1',
  'ap-east-1': 'ap-southeast-1',
  'ca-central-1': 'us-east-1',
  'eu-south-1': 'eu-central-1',
  'eu-west-3': 'eu-west-2',
  'eu-north-1': 'eu-west-2',
  'me-south-1': 'ap-south-1',
};

const hostsOriginShield = (region: string) => (ORIGIN_SHIELD_REGIONS as readonly string[]).includes(region);

/** The Origin Shield Region AWS recommends for origins in `region`, or undefined when the table has none. */
export function recommendedOriginShieldRegion(region: string): string | undefined {
  return hostsOriginShield(region) ? region : RECOMMENDED_FOR_OTHER_REGIONS[region];
}

/**
 * The Origin Shield Region to configure: `explicit` when it hosts Origin Shield, else the table's
 * choice for the stack's Region when `auto`; undefined when neither asks for Origin Shield.
 */
export function originShieldRegion(options: {
  explicit?: string;
  auto?: boolean;
  stackRegion: string;
}): string | undefined {
  const { explicit, auto, stackRegion } = options;
  if (explicit !== undefined) {
    if (hostsOriginShield(explicit)) return explicit;
    const suggestion = recommendedOriginShieldRegion(explicit);
    throw new InfraConfigError(
      `originShieldRegion "${explicit}" has no Origin Shield` +
        (suggestion ? `; AWS recommends ${suggestion} for origins there` : '') +
        `. Regions with Origin Shield: ${ORIGIN_SHIELD_REGIONS.join(', ')}`,
    );
  }
  if (!auto) return undefined;
  if (Token.isUnresolved(stackRegion)) {
    throw new InfraConfigError(
      "originShield: true needs the stack's region at synth time: give the stack an env region, or set originShieldRegion",
    );
  }
  const recommended = recommendedOriginShieldRegion(stackRegion);
  if (recommended === undefined) {
    throw new InfraConfigError(
      `AWS's Origin Shield table has no entry for ${stackRegion}: set originShieldRegion to the nearest of ${ORIGIN_SHIELD_REGIONS.join(', ')}`,
    );
  }
  return recommended;
}
