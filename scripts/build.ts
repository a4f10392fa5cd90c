import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { buildSync } from 'esbuild';
import {
  MINIFIED_VIEWER_REQUEST_FILE,
  minifyViewerRequest,
  VIEWER_REQUEST_FILE,
} from '../infra/edge/viewer-request-file';
import {
  BUNDLE_OPTIONS,
  LAMBDA_BUNDLES,
  prebuiltBundleDirectory,
  type LambdaBundle,
} from '../infra/functions/lambda-bundles';
import { LAMBDA_PLATFORM_NPM_CONFIG, LAMBDA_RUNTIME, REPO_ROOT } from '../infra/functions/lambda-code';
import { assertNpmInstallsLambdaPlatform, bundlingNpmVersion } from '../infra/functions/npm-platform-support';
import { dependencies } from '../package.json';

// `npm run build`: the compiled package in dist/ (CLI, construct, client, with types) and the
// Lambda bundles the installed construct deploys, since an installed package has no sources to bundle.
const DIST = join(REPO_ROOT, 'dist');

function compile(): void {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  // Read at synth as a file (CloudFront Functions code), so it ships as written, not compiled.
  copyFileSync(VIEWER_REQUEST_FILE, join(DIST, 'infra', 'edge', basename(VIEWER_REQUEST_FILE)));
  writeFileSync(join(DIST, 'infra', 'edge', basename(MINIFIED_VIEWER_REQUEST_FILE)), minifyViewerRequest());
}

/** The same bundle `NodejsFunction` makes from a checkout (`lambda-code.ts`), into dist/lambda-bundles/. */
function bundleLambda(bundle: LambdaBundle): void {
  const outdir = prebuiltBundleDirectory(DIST, bundle);
  mkdirSync(outdir, { recursive: true });
  buildSync({
    entryPoints: [join(REPO_ROOT, bundle.entry)],
    outfile: join(outdir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: LAMBDA_RUNTIME.name.replace(/^nodejs(\d+)\.x$/, 'node$1'),
    format: 'cjs',
    minify: true,
    sourcemap: true,
    mainFields: [...BUNDLE_OPTIONS.mainFields],
    sourcesContent: BUNDLE_OPTIONS.sourcesContent,
    tsconfig: join(REPO_ROOT, 'tsconfig.json'),
    external: [...(bundle.nodeModules ?? [])],
    logLevel: 'warning',
  });
  if (bundle.nodeModules) installLambdaModules(outdir, bundle.nodeModules);
  for (const [folder, files] of Object.entries(bundle.bundleFiles ?? {})) {
    mkdirSync(join(outdir, folder), { recursive: true });
    for (const file of files) cpSync(file, join(outdir, folder, basename(file)));
  }
}

/** As CDK does for `nodeModules`: the lock file's versions, installed for linux-arm64 with `npm ci`. */
function installLambdaModules(outdir: string, modules: readonly string[]): void {
  assertNpmInstallsLambdaPlatform(bundlingNpmVersion(LAMBDA_PLATFORM_NPM_CONFIG));
  const versions: Record<string, string> = dependencies;
  const wanted = Object.fromEntries(modules.map((name) => [name, versions[name]]));
  writeFileSync(join(outdir, 'package.json'), JSON.stringify({ dependencies: wanted }));
  copyFileSync(join(REPO_ROOT, 'package-lock.json'), join(outdir, 'package-lock.json'));
  execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: outdir,
    env: { ...process.env, ...LAMBDA_PLATFORM_NPM_CONFIG },
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
}

rmSync(DIST, { recursive: true, force: true });
compile();
Object.values(LAMBDA_BUNDLES).forEach(bundleLambda);
