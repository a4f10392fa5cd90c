import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { startTestOrigin, type TestOriginServer } from '../../shared/net/testing/test-origin-server';
import { runCliProcess } from './support/cli-harness';

const CLI_MAIN = join(__dirname, '..', 'main.ts');

/** Starts `imgfront serve <args>` and resolves with its URL once it says it listens. */
function startServe(args: readonly string[]) {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', CLI_MAIN, 'serve', ...args],
    {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const url = new Promise<string>((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const match = /listening on (\S+)/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  return { child, url, exited, stdout: () => stdout };
}

describe('imgfront serve', () => {
  let origin: TestOriginServer;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'imgfront-serve-'));
    const photo = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#3070a0' } })
      .png()
      .toBuffer();
    origin = await startTestOrigin((_request, response) => {
      response.writeHead(200, { 'content-type': 'image/png' }).end(photo);
    });
  });

  afterAll(async () => {
    await origin.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves --endpoint with --web-origin until SIGTERM, then exits 0', async () => {
    const serve = startServe(['--port', '0', '--endpoint', 'demo', '--web-origin', origin.origin]);
    const url = await serve.url;
    const response = await fetch(`${url}/demo/tr:w-120,f-jpg/a.png`);
    expect(response.status).toBe(200);
    expect(await sharp(Buffer.from(await response.arrayBuffer())).metadata()).toMatchObject({
      format: 'jpeg',
      width: 120,
      height: 80,
    });
    serve.child.kill('SIGTERM');
    expect(await serve.exited).toBe(0);
    expect(serve.stdout()).toMatch(/Stopped on SIGTERM/);
  });

  it('serves the endpoints of an --endpoints file', async () => {
    const file = join(dir, 'shop.yaml');
    writeFileSync(file, `id: shop\norigins:\n  - type: web\n    baseUrl: ${origin.origin}\n`);
    const serve = startServe(['--port', '0', '--endpoints', file]);
    const response = await fetch(`${await serve.url}/shop/tr:w-50/a.png`);
    expect(response.status).toBe(200);
    serve.child.kill('SIGINT');
    expect(await serve.exited).toBe(0);
  });

  it('refuses --endpoint without --web-origin as a usage error', async () => {
    const run = await runCliProcess(['serve', '--endpoint', 'demo']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--endpoint and --web-origin go together/);
  });
});
