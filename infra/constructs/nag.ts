import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** An AwsSolutions rule, acknowledged on `scope` (and only its subtree) with the reason it does not apply. */
export function acknowledgeNagRule(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-${rule}`, reason });
}

/** A rule of cdk-nag's Serverless pack, acknowledged on `scope` with the reason it does not apply. */
export function acknowledgeServerlessRule(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `Serverless-${rule}`, reason });
}

/**
 * Acknowledges one wildcard resource in `scope`'s IAM policies (rule IAM5), named the way cdk-nag
 * names its finding, so every other wildcard there still fails the check.
 */
export function acknowledgeWildcardResource(scope: IConstruct, resourceArn: string, reason: string): void {
  const flat = flattenReference(Stack.of(scope).resolve(resourceArn));
  acknowledgeNagRule(scope, `IAM5[Resource::${flat}]`, reason);
}

// cdk-nag's rendering of a resolved ARN: `{Ref: X}` -> `<X>`, `{Fn::GetAtt: [A, B]}` -> `<A.B>`, joins concatenated.
function flattenReference(node: unknown): string {
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return node.map(flattenReference).join('');
  const intrinsic = node as Record<string, unknown>;
  if ('Ref' in intrinsic) return `<${flattenReference(intrinsic.Ref)}>`;
  const getAtt = intrinsic['Fn::GetAtt'];
  if (Array.isArray(getAtt)) return `<${getAtt.map(flattenReference).join('.')}>`;
  const join = intrinsic['Fn::Join'];
  if (Array.isArray(join)) {
    const [delimiter, parts] = join as [string, unknown[]];
    return parts.map(flattenReference).join(delimiter);
  }
  return JSON.stringify(node);
}
