import { build } from 'esbuild';
import { join } from 'node:path';
import { BUNDLE_OPTIONS } from '../infra/functions/lambda-bundles';

const ROOT = join(__dirname, '..');
/** Inside the checkout, so code that finds files next to `node_modules` (fonts) finds them. */
export const BUILD_DIR = join(ROOT, 'dist', 'bench');

/** The bench's programs, as the files `node` runs. */
export interface BenchPrograms {
  imgfront: string;
  rawSharp: string;
  ipx: string;
  origin: string;
  autocannon: string;
  transformHandler: string;
}

/**
 * Bundles each process the bench starts, so none pays ts-node's start-up. imgfront's CLI and the
 * transform handler are bundled whole and minified, as the Lambda is (only sharp stays outside); the
 * others keep their packages in node_modules, as their users run them.
 */
export async function buildPrograms(): Promise<BenchPrograms> {
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
  } as const;
  const whole = { ...common, minify: true, mainFields: [...BUNDLE_OPTIONS.mainFields], external: ['sharp'] };
  const thin = { ...common, packages: 'external' } as const;
  const lambdaMap = { sourcemap: true, sourcesContent: BUNDLE_OPTIONS.sourcesContent };
  const out = (name: string) => join(BUILD_DIR, `${name}.js`);
  const entries = [
    ['imgfront', 'bench/servers/imgfront.ts', whole],
    ['rawSharp', 'bench/servers/raw-sharp.ts', thin],
    ['ipx', 'bench/servers/ipx.ts', thin],
    ['origin', 'bench/servers/origin.ts', thin],
    ['autocannon', 'bench/servers/autocannon-load.ts', thin],
    // With its source map, as Lambda loads it (`--enable-source-maps`, see bench/cold-start.ts).
    ['transformHandler', 'lambdas/transform/handler.ts', { ...whole, ...lambdaMap }],
  ] as const;
  await Promise.all(
    entries.map(([name, entry, options]) =>
      build({ ...options, entryPoints: [join(ROOT, entry)], outfile: out(name) }),
    ),
  );
  return Object.fromEntries(entries.map(([name]) => [name, out(name)])) as unknown as BenchPrograms;
}
