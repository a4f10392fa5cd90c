import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

// Each step spawns node, npm or tsc on a whole package: far slower than a unit test on a busy machine.
jest.setTimeout(5 * 60_000);

// The package as a platform team gets it: built, packed, installed into an empty folder, and each
// entry point used there (no sources, no ts-node, no repository on the module path).
const REPO_ROOT = join(__dirname, '..', '..');
const run = promisify(execFile);
const npm = (args: readonly string[], cwd: string) =>
  run('npm', [...args], { cwd, maxBuffer: 64 * 1024 * 1024, shell: process.platform === 'win32' });

const CDK_APP = `
const { App, Stack } = require('aws-cdk-lib');
const { ImageCdn } = require('imgfront/cdk');
const app = new App({ outdir: 'cdk.out' });
new ImageCdn(new Stack(app, 'Images'), 'ImageCdn', {});
app.synth();
`;

const TYPED_CONSUMER = `
import { App, Stack } from 'aws-cdk-lib';
import { ImageCdn, type ImageCdnProps } from 'imgfront/cdk';
import { buildUrl, createImage, nextLoader, sizes, type NextLoaderProps } from 'imgfront/client';
import { serve, type ServeOptions } from 'imgfront/server';

const props: ImageCdnProps = { retainData: false, transformMemorySize: 1769 };
new ImageCdn(new Stack(new App(), 'Images'), 'ImageCdn', props);
const url: string = buildUrl({ baseUrl: 'https://img.example.com', endpoint: 'shop', path: 'a.jpg' });
const loader: (props: NextLoaderProps) => string = nextLoader({ baseUrl: url, endpoint: 'shop' });
const options: ServeOptions = { endpoints: [], port: 0 };
export { createImage, loader, serve, options, sizes };
`;

let consumer: string;

beforeAll(async () => {
  const scratch = mkdtempSync(join(tmpdir(), 'imgfront-pack-'));
  consumer = join(scratch, 'consumer');
  await npm(['run', 'build'], REPO_ROOT);
  const { stdout } = await npm(['pack', '--pack-destination', scratch, '--silent'], REPO_ROOT);
  const tarball = join(scratch, stdout.trim().split('\n').pop() ?? '');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  // Dependencies come from npm's cache when it has them. The peers (aws-cdk-lib, constructs) are the
  // consumer's own: linked from this repository's copies, the versions the construct is tested with.
  await npm(
    ['install', tarball, '--prefer-offline', '--legacy-peer-deps', '--no-audit', '--no-fund'],
    consumer,
  );
  for (const peer of ['aws-cdk-lib', 'constructs']) {
    symlinkSync(join(REPO_ROOT, 'node_modules', peer), join(consumer, 'node_modules', peer), 'dir');
  }
}, 15 * 60_000);

afterAll(() => rmSync(join(consumer, '..'), { recursive: true, force: true }));

const installed = (path: string) => join(consumer, 'node_modules', 'imgfront', path);

describe('the installed package', () => {
  it('ships compiled code and pre-built Lambda bundles, not TypeScript sources', () => {
    expect(existsSync(installed('dist/infra/index.js'))).toBe(true);
    expect(existsSync(installed('dist/infra/index.d.ts'))).toBe(true);
    expect(existsSync(installed('dist/client/index.d.ts'))).toBe(true);
    expect(existsSync(installed('LICENSE'))).toBe(true);
    expect(existsSync(installed('README.md'))).toBe(true);
    expect(existsSync(installed('lambdas'))).toBe(false);
    expect(existsSync(installed('infra'))).toBe(false);
  });

  it('synthesises a three-line CDK app with imgfront/cdk into a distribution and deployable Lambdas', async () => {
    writeFileSync(join(consumer, 'app.js'), CDK_APP);
    await run(process.execPath, ['app.js'], { cwd: consumer });
    const template = JSON.parse(readFileSync(join(consumer, 'cdk.out', 'Images.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const ofType = (type: string) => Object.values(template.Resources).filter((r) => r.Type === type);
    expect(ofType('AWS::CloudFront::Distribution')).toHaveLength(1);
    const functions = ofType('AWS::Lambda::Function').filter((f) =>
      String(f.Properties.Description).startsWith('imgfront'),
    );
    // Transform, version writer, invalidator and edge sync, each from its pre-built bundle.
    expect(functions.map((f) => f.Properties.Runtime)).toEqual(Array(4).fill('nodejs24.x'));
    // The transform's asset is the pre-built bundle: sharp for linux-arm64 and the fonts beside it.
    const assets = readdirSync(join(consumer, 'cdk.out')).filter((name) => name.startsWith('asset.'));
    const transform = assets
      .map((name) => join(consumer, 'cdk.out', name))
      .find((dir) => existsSync(join(dir, 'node_modules', 'sharp')));
    expect(transform && existsSync(join(transform, 'node_modules', '@img', 'sharp-linux-arm64'))).toBe(true);
    expect(transform && existsSync(join(transform, 'fonts', 'DejaVuSans.ttf'))).toBe(true);
  });

  it('builds a URL with imgfront/client', async () => {
    const script = `console.log(require('imgfront/client').buildUrl({ baseUrl: 'https://img.example.com', endpoint: 'shop', path: 'summer/a b.jpg', transformations: 'w-400,h-300' }))`;
    const { stdout } = await run(process.execPath, ['-e', script], { cwd: consumer });
    expect(stdout.trim()).toBe('https://img.example.com/shop/summer/a%20b.jpg?tr=w-400,h-300');
  });

  it('self-hosts with imgfront/server: serve() answers as the Lambda does, error header included', async () => {
    const script = `
      const { serve, parseEndpoint } = require('imgfront/server');
      const parsed = parseEndpoint({ id: 'shop', origins: [{ type: 'web', baseUrl: 'https://img.example.com/' }] });
      serve({ endpoints: [parsed.endpoint], log: () => {} }).then(async (server) => {
        const response = await fetch(server.url + '/nowhere/a.jpg');
        console.log(JSON.stringify({ status: response.status, error: response.headers.get('x-imgfront-error') }));
        await server.close();
      });`;
    const { stdout } = await run(process.execPath, ['-e', script], { cwd: consumer });
    expect(JSON.parse(stdout)).toEqual({ status: 404, error: 'ENOENT' });
  });

  it('typechecks a TypeScript consumer of every entry point (Node16 resolution, strict)', async () => {
    writeFileSync(join(consumer, 'check.ts'), TYPED_CONSUMER);
    const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const options = [
      '--noEmit',
      '--strict',
      '--skipLibCheck',
      '--module',
      'node16',
      '--moduleResolution',
      'node16',
    ];
    const types = ['--types', 'node', '--typeRoots', join(REPO_ROOT, 'node_modules', '@types')];
    await expect(
      run(process.execPath, [tsc, ...options, ...types, 'check.ts'], { cwd: consumer }),
    ).resolves.toBeDefined();
  });

  it('runs the imgfront CLI from its bin', async () => {
    const { stdout } = await run(join(consumer, 'node_modules', '.bin', 'imgfront'), ['--help'], {
      cwd: consumer,
    });
    expect(stdout).toContain('Usage: imgfront <command> [options]');
    expect(stdout).toContain('endpoint put');
  });

  it('runs a CLI command end to end: imgfront url prints the canonical URL', async () => {
    const { stdout } = await run(
      join(consumer, 'node_modules', '.bin', 'imgfront'),
      ['url', 'shop/summer/a.jpg', '--tr', 'h-300,w-400', '--domain', 'img.example.com'],
      { cwd: consumer, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
    );
    expect(stdout.trim()).toBe('https://img.example.com/shop/summer/a.jpg?tr=w-400,h-300');
  });

  it('loads every CLI command without dev dependencies (no s3rver, dynalite or ts-node installed)', async () => {
    const script = `
      const { COMMANDS } = require(${JSON.stringify(installed('dist/cli/commands/index.js'))});
      Promise.allSettled(COMMANDS.map((c) => c.load())).then((results) => {
        const failed = results.flatMap((r, i) => (r.status === 'rejected' ? [COMMANDS[i].words.join(' ') + ': ' + r.reason.message] : []));
        console.log(JSON.stringify({ loaded: results.length, failed }));
      });`;
    const { stdout } = await run(process.execPath, ['-e', script], { cwd: consumer });
    expect(existsSync(join(consumer, 'node_modules', 's3rver'))).toBe(false);
    expect(JSON.parse(stdout)).toEqual({ loaded: expect.any(Number), failed: [] });
  });
});
