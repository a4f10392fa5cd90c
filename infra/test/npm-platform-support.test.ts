import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { InfraConfigError } from '../config/config-error';
import { assertNpmInstallsLambdaPlatform } from '../functions/npm-platform-support';
import { stageStack, testApp } from './synth';

describe('the npm that bundles the Lambdas', () => {
  it.each(['10.4.0', '10.9.2\n', '11.19.1', 'v12.0.0'])('is accepted at %j', (version) => {
    expect(() => assertNpmInstallsLambdaPlatform(version)).not.toThrow();
  });

  it.each(['10.3.0', '10.2.4', '9.9.9', '8.19.4\n'])(
    'stops synth at %j, naming the version, the minimum and the fix',
    (version) => {
      const refuse = () => assertNpmInstallsLambdaPlatform(version);
      expect(refuse).toThrow(InfraConfigError);
      expect(refuse).toThrow(`npm ${version.trim()} cannot install sharp's linux-arm64 binaries`);
      expect(refuse).toThrow('npm 10.4 or newer is needed');
      expect(refuse).toThrow('npm install -g npm@latest');
    },
  );

  it.each(['', 'command not found', '10'])('refuses unreadable version output %j', (output) => {
    expect(() => assertNpmInstallsLambdaPlatform(output)).toThrow(
      `Expected an npm version like "10.4.0" from \`npm --version\` but received "${output}"`,
    );
  });
});

describe('synth with an npm too old for the Lambda platform', () => {
  const originalPath = process.env.PATH;
  let fakeNpmDir: string;

  beforeAll(() => {
    // A stand-in `npm` first on PATH, answering only `--version` (POSIX shells only).
    fakeNpmDir = mkdtempSync(join(tmpdir(), 'old-npm-'));
    writeFileSync(join(fakeNpmDir, 'npm'), '#!/bin/sh\necho 10.2.4\n');
    chmodSync(join(fakeNpmDir, 'npm'), 0o755);
    process.env.PATH = `${fakeNpmDir}${delimiter}${originalPath ?? ''}`;
  });

  afterAll(() => {
    process.env.PATH = originalPath;
    rmSync(fakeNpmDir, { recursive: true, force: true });
  });

  (process.platform === 'win32' ? it.skip : it)('stops before bundling, naming that npm', () => {
    expect(() => stageStack(testApp({ stage: 'staging', bundle: true }))).toThrow(
      "npm 10.2.4 cannot install sharp's linux-arm64 binaries",
    );
  });

  it('does not run npm when the stack is not bundled', () => {
    expect(() => stageStack(testApp({ stage: 'staging', bundle: false }))).not.toThrow();
  });
});
