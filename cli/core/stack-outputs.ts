import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { AwsClientDefaults } from '../../shared/aws/client-defaults';
import { fromSdkError } from '../../shared/aws/sdk-errors';
import { notFound } from '../../shared/errors/image-error';
import { STACK_OUTPUT, stackNameFor as stackNameForStage } from '../../shared/config/stack-contract';
import { UsageError } from './usage-error';

/** What a stage's stack says about where things are; a value is missing when the stack lacks its output. */
export interface StackSettings {
  registryTable?: string;
  purgeQueueUrl?: string;
  /** `ImageBaseUrl` (the custom domain when there is one), else the distribution's own domain. */
  domain?: string;
  transformFunctionUrl?: string;
  /** The CloudFront distribution (its `CacheHitRate` metric is the hit ratio `imgfront stats` shows). */
  distributionId?: string;
  /** The edge sync function the CLI invokes after endpoint and secret writes. */
  edgeSyncFunction?: string;
}

/** A stage name that makes a valid CloudFormation stack name after `imgfront-` (128 characters at most). */
const STAGE_PATTERN = /^[A-Za-z0-9-]{1,119}$/;

/** The stack `npx cdk deploy -c stage=<stage>` deploys (`infra/app.ts`); a bad name is a usage error. */
export function stackNameFor(stage: string): string {
  if (!STAGE_PATTERN.test(stage)) {
    throw new UsageError(
      `expected a stage name of letters, digits and "-" for --stage but received "${stage}"`,
    );
  }
  return stackNameForStage(stage);
}

/**
 * Reads the stage's stack outputs with CloudFormation `DescribeStacks`, with the operator's region and
 * credentials (`AWS_ENDPOINT_URL_CLOUDFORMATION` redirects it, as for any SDK client). A stack that
 * does not exist is a clear ENOENT naming the stack and region, so a wrong stage, region or account
 * shows at once.
 */
export async function readStackSettings(
  stage: string,
  clientDefaults: AwsClientDefaults,
): Promise<StackSettings> {
  const stackName = stackNameFor(stage);
  const client = new CloudFormationClient({ ...clientDefaults, maxAttempts: 5 });
  try {
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: stackName }));
    const outputs = new Map(
      (Stacks?.[0]?.Outputs ?? []).map((output) => [output.OutputKey, output.OutputValue]),
    );
    const value = (key: string) => outputs.get(key) || undefined;
    return {
      registryTable: value(STACK_OUTPUT.registryTable),
      purgeQueueUrl: value(STACK_OUTPUT.purgeQueueUrl),
      domain: value(STACK_OUTPUT.imageBaseUrl) ?? value(STACK_OUTPUT.distributionDomainName),
      transformFunctionUrl: value(STACK_OUTPUT.transformFunctionUrl),
      distributionId: value(STACK_OUTPUT.distributionId),
      edgeSyncFunction: value(STACK_OUTPUT.edgeSyncFunctionName),
    };
  } catch (error) {
    // DescribeStacks answers a missing stack (its only ValidationError for a valid name) this way.
    if ((error as { name?: unknown }).name === 'ValidationError') {
      const region = await client.config.region().catch(() => 'the configured region');
      throw notFound(
        `No stack "${stackName}" in ${region}: deploy it with \`npx cdk deploy -c stage=${stage}\`, ` +
          'or check --stage, --region and --profile',
        { internal: error instanceof Error ? error.message : String(error), cause: error },
      );
    }
    throw fromSdkError(error, `DescribeStacks ${stackName}`);
  } finally {
    client.destroy();
  }
}
