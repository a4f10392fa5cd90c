import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';
import { InfraConfigError } from '../config/config-error';
import { deploysToUsEast1 } from './custom-domain';

/** A WAF web ACL in front of the distribution. */
export interface WebAclProps {
  /**
   * ARN of an existing web ACL with scope CLOUDFRONT (it lives in us-east-1).
   * @default a web ACL created by this stack, which requires the stack to deploy to us-east-1
   */
  readonly webAclArn?: string;
  /**
   * Requests one client IP may make in any 5-minute window before WAF blocks it (created web ACL only).
   * Cache hits count too: size it for a page that loads many images.
   * @default 3000
   */
  readonly requestsPerFiveMinutesPerIp?: number;
}

const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
  cloudWatchMetricsEnabled: true,
  sampledRequestsEnabled: true,
  metricName,
});

/**
 * The web ACL's ARN: the given one, or a new ACL with a per-IP rate-based rule and AWS's IP
 * reputation list. CloudFront web ACLs must be created in us-east-1, so creating one from a stack in
 * another region is refused with a message saying what to do instead.
 */
export function webAclArn(scope: Construct, id: string, props: WebAclProps): string {
  if (props.webAclArn) return props.webAclArn;
  if (!deploysToUsEast1(scope)) {
    throw new InfraConfigError(
      'webAcl: a CloudFront web ACL can only be created in us-east-1. Deploy this stage to us-east-1, or create the web ACL there and pass its ARN as webAcl.webAclArn',
    );
  }
  const acl = new wafv2.CfnWebACL(scope, id, {
    scope: 'CLOUDFRONT',
    defaultAction: { allow: {} },
    visibilityConfig: visibility('imgfront-web-acl'),
    rules: [
      {
        name: 'rate-limit-per-ip',
        priority: 0,
        action: { block: {} },
        statement: {
          rateBasedStatement: { aggregateKeyType: 'IP', limit: props.requestsPerFiveMinutesPerIp ?? 3000 },
        },
        visibilityConfig: visibility('imgfront-rate-limit-per-ip'),
      },
      {
        name: 'aws-ip-reputation',
        priority: 1,
        overrideAction: { none: {} },
        statement: {
          managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesAmazonIpReputationList' },
        },
        visibilityConfig: visibility('imgfront-ip-reputation'),
      },
    ],
  });
  return acl.attrArn;
}
