import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Median of the values. */
export const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** Time to `require()` a module in a fresh Node process, ms: Lambda's init phase for a handler file. */
async function requireMs(module: string): Promise<number> {
  // Lambda's runtime globals for response streaming, reduced to what middy calls at load.
  const runtime =
    'globalThis.awslambda = { streamifyResponse: (f) => f, HttpResponseStream: { from: (s) => s } };';
  const script = `${runtime} const t = performance.now(); require(${JSON.stringify(module)}); process.stdout.write(String(performance.now() - t));`;
  const { stdout } = await run(process.execPath, ['-e', script], {
    // The transform function's own NODE_OPTIONS (infra/functions/imgfront-function.ts).
    env: {
      ...process.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      NODE_OPTIONS: '--enable-source-maps',
    },
  });
  return Number(stdout);
}

/**
 * The transform bundle's init time (load and compose, no request), the median of `runs` fresh
 * processes, beside `require('sharp')` alone: the part no JavaScript change can remove.
 */
export async function measureColdStart(
  handlerBundle: string,
  runs: number,
): Promise<{ handlerMs: number; sharpMs: number }> {
  const handler: number[] = [];
  const sharp: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    handler.push(await requireMs(handlerBundle));
    sharp.push(await requireMs(require.resolve('sharp')));
  }
  return { handlerMs: median(handler), sharpMs: median(sharp) };
}
