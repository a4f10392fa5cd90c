import { execFileSync } from 'node:child_process';
import { InfraConfigError } from '../config/config-error';

/**
 * npm installs optional dependencies for another platform (`--os/--cpu/--libc`, which bundling sets
 * through `npm_config_*`) from this version on; older ones silently skip `@img/sharp-linux-arm64`,
 * and the deployed function fails to load sharp.
 */
export const MIN_NPM_FOR_LAMBDA_PLATFORM = { major: 10, minor: 4 } as const;

const MIN_LABEL = `${MIN_NPM_FOR_LAMBDA_PLATFORM.major}.${MIN_NPM_FOR_LAMBDA_PLATFORM.minor}`;
const FIX =
  'Upgrade it (`npm install -g npm@latest`, or use Node 22+, which ships a newer npm) and synth again.';

/** Refuses an npm version (`npm --version` output) that cannot install sharp's linux-arm64 build. */
export function assertNpmInstallsLambdaPlatform(npmVersion: string): void {
  const match = /^v?(\d+)\.(\d+)\.\d+/.exec(npmVersion.trim());
  if (!match) {
    throw new InfraConfigError(
      `Expected an npm version like "${MIN_LABEL}.0" from \`npm --version\` but received "${npmVersion.trim()}". ` +
        `Bundling needs npm ${MIN_LABEL} or newer to install sharp's linux-arm64 binaries. ${FIX}`,
    );
  }
  const [major, minor] = [Number(match[1]), Number(match[2])];
  const { major: minMajor, minor: minMinor } = MIN_NPM_FOR_LAMBDA_PLATFORM;
  if (major < minMajor || (major === minMajor && minor < minMinor)) {
    throw new InfraConfigError(
      `npm ${npmVersion.trim()} cannot install sharp's linux-arm64 binaries for the Lambda bundle ` +
        `(it skips optional dependencies of another platform; npm ${MIN_LABEL} or newer is needed). ${FIX}`,
    );
  }
}

/** The version of the npm that bundling runs: the first on PATH, with bundling's environment. */
export function bundlingNpmVersion(environment: Record<string, string>): string {
  return execFileSync('npm', ['--version'], {
    encoding: 'utf8',
    env: { ...process.env, ...environment },
    // npm is a .cmd script on Windows, which only a shell can start.
    shell: process.platform === 'win32',
  });
}
