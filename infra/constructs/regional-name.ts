import { Aws, CfnResource, Names, Stack, Token } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** The longest region code (`ap-southeast-5`) plus the dash before it. */
const REGION_SUFFIX_LENGTH = 15;

/**
 * A name unique in the account AND across regions. CloudFront policies and origin access controls are
 * global, so two deployments of one stack name (eu-west-1 and us-east-1, say) would otherwise collide
 * on CDK's path-derived name alone.
 */
export function regionalName(scope: IConstruct, maxLength: number): string {
  const region = Stack.of(scope).region;
  const suffix = Token.isUnresolved(region) ? Aws.REGION : region;
  return `${Names.uniqueResourceName(scope, { maxLength: maxLength - REGION_SUFFIX_LENGTH })}-${suffix}`;
}

/** Renames `construct`'s CloudFormation resource at `namePath` (e.g. `CachePolicyConfig.Name`) regionally. */
export function nameRegionally<T extends IConstruct>(construct: T, namePath: string, maxLength: number): T {
  const resource = construct.node.defaultChild;
  if (!CfnResource.isCfnResource(resource))
    throw new TypeError(`${construct.node.path} has no CloudFormation resource`);
  resource.addPropertyOverride(namePath, regionalName(construct, maxLength));
  return construct;
}
