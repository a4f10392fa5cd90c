import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { InfraConfigError } from '../config/config-error';
import { BUNDLE_OPTIONS, prebuiltBundleDirectory, type LambdaBundle } from './lambda-bundles';
import { assertNpmInstallsLambdaPlatform, bundlingNpmVersion } from './npm-platform-support';

/**
 * The root of the tree this file runs from: the repository in a checkout (bundling reads its
 * sources, lock file and tsconfig), or `dist/` of the built package (it holds the pre-built bundles).
 */
export const REPO_ROOT = join(__dirname, '..', '..');

/** Every imgfront Lambda runs on this runtime and architecture (sharp ships linux-arm64 binaries). */
export const LAMBDA_RUNTIME = lambda.Runtime.NODEJS_24_X;
export const LAMBDA_ARCHITECTURE = lambda.Architecture.ARM_64;

/** Bundling hooks that copy files into folders of the bundle's output (local bundling: plain `cp`). */
function copyIntoBundle(files: Readonly<Record<string, readonly string[]>>) {
  const quote = (path: string) => `'${path.replace(/'/g, "'\\''")}'`;
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir: string, outputDir: string) =>
      Object.entries(files).flatMap(([folder, paths]) => [
        `mkdir -p ${quote(join(outputDir, folder))}`,
        `cp ${paths.map(quote).join(' ')} ${quote(join(outputDir, folder))}`,
      ]),
  };
}

// npm reads these when CDK runs `npm ci` for `nodeModules`: it installs the Lambda's platform
// binaries (linux-arm64, glibc) whatever machine runs `cdk synth`, without Docker.
export const LAMBDA_PLATFORM_NPM_CONFIG = {
  npm_config_os: 'linux',
  npm_config_cpu: 'arm64',
  npm_config_libc: 'glibc',
};

/**
 * A checkout bundles the handler from its TypeScript sources at synth (always current); the installed
 * package has no sources and deploys the bundle `npm run build` made from the same declaration.
 */
export function lambdaCode(scope: Construct, bundle: LambdaBundle): Partial<NodejsFunctionProps> {
  const entry = join(REPO_ROOT, bundle.entry);
  if (existsSync(entry)) return bundleFromSources(scope, entry, bundle);
  const prebuilt = prebuiltBundleDirectory(REPO_ROOT, bundle);
  if (!existsSync(join(prebuilt, 'index.js'))) {
    throw new InfraConfigError(
      `Expected the ${bundle.name} Lambda's sources at ${entry} or its bundle at ${prebuilt} but found neither; ` +
        'run `npm run build` in the imgfront repository (the published package ships the bundles).',
    );
  }
  return { code: lambda.Code.fromAsset(prebuilt), handler: 'index.handler' };
}

function bundleFromSources(
  scope: Construct,
  entry: string,
  bundle: LambdaBundle,
): Partial<NodejsFunctionProps> {
  if (bundle.nodeModules && Stack.of(scope).bundlingRequired) {
    assertNpmInstallsLambdaPlatform(bundlingNpmVersion(LAMBDA_PLATFORM_NPM_CONFIG));
  }
  return {
    entry,
    handler: 'handler',
    projectRoot: REPO_ROOT,
    depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
    bundling: {
      forceDockerBundling: false,
      tsconfig: join(REPO_ROOT, 'tsconfig.json'),
      minify: true,
      mainFields: [...BUNDLE_OPTIONS.mainFields],
      sourcesContent: BUNDLE_OPTIONS.sourcesContent,
      // The SDK versions the code was tested with ship in the bundle: the runtime's own copy is
      // of another version and lacks packages we use (lib-dynamodb, credential-providers).
      externalModules: [],
      sourceMap: true,
      nodeModules: bundle.nodeModules && [...bundle.nodeModules],
      environment: bundle.nodeModules ? LAMBDA_PLATFORM_NPM_CONFIG : undefined,
      commandHooks: bundle.bundleFiles ? copyIntoBundle(bundle.bundleFiles) : undefined,
    },
  };
}
