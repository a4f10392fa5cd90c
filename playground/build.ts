import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One file of the built page: its path under `/playground/` and what it is served as. */
export interface PlaygroundFile {
  readonly name: string;
  readonly body: Buffer;
  readonly contentType: string;
}

const SOURCE = join(__dirname, 'src');
/** Copied as they are beside the script. */
const STATIC_FILES = [
  { name: 'index.html', contentType: 'text/html; charset=utf-8' },
  { name: 'style.css', contentType: 'text/css; charset=utf-8' },
] as const;

/**
 * The page as static files: `main.js` bundled by esbuild from `src/main.ts` (with the parameter table,
 * URL builders and srcset helpers it imports, so completion and URLs come from the service's own code),
 * and the HTML and CSS beside it.
 */
export async function buildPlayground(): Promise<PlaygroundFile[]> {
  const result = await build({
    entryPoints: [join(SOURCE, 'main.ts')],
    bundle: true,
    write: false,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2022'],
    tsconfig: join(SOURCE, 'tsconfig.json'),
    logLevel: 'silent',
  });
  const script = result.outputFiles[0];
  if (script === undefined) throw new TypeError('esbuild wrote no playground script');
  return [
    { name: 'main.js', body: Buffer.from(script.contents), contentType: 'text/javascript; charset=utf-8' },
    ...STATIC_FILES.map((file) => ({ ...file, body: readFileSync(join(SOURCE, file.name)) })),
  ];
}

/** Writes the built page into `directory` (for a deployment's `BucketDeployment`). */
export async function writePlayground(directory: string): Promise<void> {
  for (const file of await buildPlayground()) {
    const target = join(directory, file.name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.body);
  }
}
