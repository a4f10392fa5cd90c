import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One file of the built page: its name under `/playground/` and what it is served as. */
export interface PlaygroundFile {
  readonly name: string;
  readonly body: Buffer;
  readonly contentType: string;
}

const SOURCE = join(__dirname, 'src');
const ENTRY = join(SOURCE, 'main.ts');
/** Copied as they are beside the script. */
const STATIC_FILES = [
  { name: 'index.html', contentType: 'text/html; charset=utf-8' },
  { name: 'style.css', contentType: 'text/css; charset=utf-8' },
] as const;

/** Whether the page's sources are here (a checkout), rather than only a built copy (the package). */
export const hasPlaygroundSources = (): boolean => existsSync(ENTRY);

/**
 * The page as static files: `main.js` bundled by esbuild from `src/main.ts` (with the parameter table,
 * URL builders and srcset helpers it imports, so completion and URLs come from the service's own code),
 * and the HTML and CSS beside it. Synchronous: CDK constructs build it while synthesising.
 */
export function buildPlayground(): PlaygroundFile[] {
  // Required here, not imported: esbuild is a devDependency; installed packages ship the built page.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildSync } = require('esbuild') as typeof import('esbuild');
  const result = buildSync({
    entryPoints: [ENTRY],
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

/** Writes the built page into `directory`: a deployment's asset, the package's pre-built copy. */
export function writePlayground(directory: string): void {
  mkdirSync(directory, { recursive: true });
  for (const file of buildPlayground()) writeFileSync(join(directory, file.name), file.body);
}
