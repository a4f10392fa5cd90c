import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { REPO_ROOT } from '../functions/lambda-code';
import { loadStageConfig, STAGE_CONTEXT_KEY } from '../config/stage-config';
import { ImageCdnStack } from '../stacks/image-cdn-stack';

/** The context `cdk synth` reads from cdk.json (stages and feature flags), so tests build what ships. */
export const CDK_JSON_CONTEXT: Record<string, unknown> = JSON.parse(
  readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8'),
).context;

/** An App with cdk.json's context; `bundle: false` skips esbuild and npm (assets become placeholders). */
export function testApp(options: { stage?: string; bundle?: boolean } = {}): App {
  return new App({
    context: {
      ...CDK_JSON_CONTEXT,
      ...(options.stage ? { [STAGE_CONTEXT_KEY]: options.stage } : {}),
      ...(options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] }),
    },
  });
}

/**
 * One stage's stack exactly as `infra/app.ts` builds it, in a fixed account (and the stage's region,
 * else eu-west-1). `stageName` defaults to the stage the app's context selects.
 */
export function stageStack(app: App, stageName?: string): ImageCdnStack {
  const stage = loadStageConfig(stageName === undefined ? app.node : testApp({ stage: stageName }).node);
  return new ImageCdnStack(app, `imgfront-${stage.name}`, {
    stage,
    env: { account: '123456789012', region: stage.region ?? 'eu-west-1' },
  });
}

/** The resource of `type` whose logical id starts with `prefix` (ids are path-derived and stable). */
export function resourceOf(
  template: Template,
  type: string,
  prefix: string,
): { Properties: Record<string, unknown> } {
  const matches = Object.entries(template.findResources(type)).filter(([id]) => id.startsWith(prefix));
  const [match] = matches;
  if (!match || matches.length !== 1) {
    throw new TypeError(`expected one ${type} named ${prefix}* but found ${matches.length}`);
  }
  return match[1] as { Properties: Record<string, unknown> };
}
