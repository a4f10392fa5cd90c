import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../../local/local-stack';
import { writeLocalEndpoints, localEndpointsOf } from '../../local/local-endpoints';

const REPO_ROOT = join(__dirname, '..', '..', '..');
const CLI_MAIN = join(REPO_ROOT, 'cli', 'main.ts');

/** One finished CLI run. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for `--output json` runs). */
  json<T = Record<string, unknown>>(): T;
}

/** The local stack and a way to run the real CLI against it. */
export interface CliHarness {
  stack: LocalStack;
  /** A scratch folder for the test's files. */
  dir: string;
  /** Runs `imgfront <args> --local-file <this stack>` in a child process, stdin not a terminal. */
  cli(args: readonly string[], options?: { env?: Record<string, string> }): Promise<CliRun>;
  close(): Promise<void>;
}

/** Spawns the CLI exactly as a user would, through ts-node (transpile only). */
export function runCliProcess(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', CLI_MAIN, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdin.end();
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T }));
  });
}

/**
 * Starts the local stack on port 0 in a temp folder and writes its local-endpoints file exactly as
 * `npm start` does.
 */
export async function startCliHarness(
  options: Pick<LocalStackOptions, 'secrets' | 'edgeSyncIntervalMs' | 'env'> = {},
): Promise<CliHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'imgfront-cli-'));
  const stack = await startLocalStack({
    dataDirectory: join(dir, 's3'),
    secrets: options.secrets,
    edgeSyncIntervalMs: options.edgeSyncIntervalMs,
    env: options.env,
    log: () => {},
  });
  const endpointsFile = join(dir, 'local-endpoints.json');
  writeLocalEndpoints(endpointsFile, localEndpointsOf(stack));
  return {
    stack,
    dir,
    cli: (args, { env } = {}) => runCliProcess([...args, '--local-file', endpointsFile], env),
    async close() {
      await stack.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
