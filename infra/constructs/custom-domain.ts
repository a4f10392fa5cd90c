import { Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53Targets from 'aws-cdk-lib/aws-route53-targets';
import type { Construct } from 'constructs';
import { InfraConfigError } from '../config/config-error';

/** A custom domain (for example `img.example.com`) in front of the distribution. */
export interface CustomDomainProps {
  /** Hostnames the distribution answers; the first is the primary one. */
  readonly domainNames: string[];
  /**
   * ARN of an ACM certificate in us-east-1 covering every domain name (CloudFront reads
   * certificates from us-east-1 only).
   * @default a DNS-validated certificate in `hostedZone`; only possible when the stack is in us-east-1
   */
  readonly certificateArn?: string;
  /**
   * Route 53 zone of the domain names: alias records point them at the distribution, and a
   * certificate is validated in it when `certificateArn` is not given.
   * @default no DNS records (point the names at the distribution yourself)
   */
  readonly hostedZone?: { readonly hostedZoneId: string; readonly zoneName: string };
}

/** Whether the stack is known, at synth time, to deploy to us-east-1. */
export function deploysToUsEast1(scope: Construct): boolean {
  const region = Stack.of(scope).region;
  return !Token.isUnresolved(region) && region === 'us-east-1';
}

/** The certificate for a custom domain: imported by ARN, or created and DNS-validated in us-east-1. */
export function customDomainCertificate(scope: Construct, props: CustomDomainProps): acm.ICertificate {
  const [primary, ...others] = props.domainNames;
  if (primary === undefined) throw new InfraConfigError('customDomain.domainNames needs at least one name');
  if (props.certificateArn)
    return acm.Certificate.fromCertificateArn(scope, 'Certificate', props.certificateArn);
  if (!props.hostedZone || !deploysToUsEast1(scope)) {
    throw new InfraConfigError(
      'customDomain needs certificateArn (an ACM certificate in us-east-1), or hostedZone with the stack deployed to us-east-1',
    );
  }
  return new acm.Certificate(scope, 'Certificate', {
    domainName: primary,
    subjectAlternativeNames: others,
    validation: acm.CertificateValidation.fromDns(hostedZone(scope, props.hostedZone)),
  });
}

/** IPv4 and IPv6 alias records for every domain name, when the zone is known. */
export function addAliasRecords(
  scope: Construct,
  props: CustomDomainProps,
  distribution: cloudfront.IDistribution,
) {
  if (!props.hostedZone) return;
  const zone = hostedZone(scope, props.hostedZone);
  const target = route53.RecordTarget.fromAlias(new route53Targets.CloudFrontTarget(distribution));
  props.domainNames.forEach((recordName, index) => {
    new route53.ARecord(scope, `AliasA${index}`, { zone, recordName, target });
    new route53.AaaaRecord(scope, `AliasAaaa${index}`, { zone, recordName, target });
  });
}

function hostedZone(
  scope: Construct,
  zone: NonNullable<CustomDomainProps['hostedZone']>,
): route53.IHostedZone {
  const existing = scope.node.tryFindChild('HostedZone') as route53.IHostedZone | undefined;
  return existing ?? route53.HostedZone.fromHostedZoneAttributes(scope, 'HostedZone', zone);
}
