import { join } from 'node:path';
import { SHIPPED_FONT_FILES } from '../../shared/transform/fonts';

/**
 * One Lambda's code: the handler source and what its bundle carries beside the esbuild output. Read
 * by the function constructs (bundling from a checkout) and by `npm run build` (the package's
 * pre-built bundles), so both make the same bundle.
 */
export interface LambdaBundle {
  /** The bundle's folder under {@link PREBUILT_BUNDLES_FOLDER}. */
  readonly name: string;
  /** Handler file relative to the repository root; it exports `handler`. */
  readonly entry: string;
  /** Packages installed beside the bundle instead of bundled (native code, linux-arm64). */
  readonly nodeModules?: readonly string[];
  /** Files copied into a folder of the bundle, e.g. fonts: `{ fonts: ['/abs/DejaVuSans.ttf'] }`. */
  readonly bundleFiles?: Readonly<Record<string, readonly string[]>>;
}

export const LAMBDA_BUNDLES = {
  transform: {
    name: 'transform',
    entry: 'lambdas/transform/handler.ts',
    nodeModules: ['sharp'],
    // Lambda has no system fonts: text layers draw with these, found beside the bundle (fonts.ts).
    bundleFiles: { fonts: SHIPPED_FONT_FILES },
  },
  versionWriter: { name: 'version-writer', entry: 'lambdas/version-writer/handler.ts' },
  invalidator: { name: 'invalidator', entry: 'lambdas/invalidator/handler.ts' },
  webhookSigner: { name: 'webhook-signer', entry: 'lambdas/webhook-signer/handler.ts' },
  edgeSync: { name: 'edge-sync', entry: 'lambdas/edge-sync/handler.ts' },
} as const satisfies Record<string, LambdaBundle>;

/**
 * esbuild options every Lambda bundle shares (CDK's `NodejsFunction` and `npm run build`), chosen for
 * cold start. Measured on the transform bundle with `bench/cold-start.ts` (require of the bundle, 2 shared
 * cores): `mainFields` module-first takes the SDK's and Smithy's ES builds, which esbuild tree-shakes
 * (2.2 MB -> 1.7 MB, init ~550 -> ~400 ms); a source map without `sourcesContent` (7.1 -> 2.5 MB) keeps
 * `--enable-source-maps` stack traces with file and line but costs ~20 ms at init instead of ~140 ms.
 */
export const BUNDLE_OPTIONS = {
  mainFields: ['module', 'main'],
  sourcesContent: false,
} as const;

/** Where `npm run build` writes the bundles inside `dist/`, and where the installed package finds them. */
export const PREBUILT_BUNDLES_FOLDER = 'lambda-bundles';

/** The folder of one pre-built bundle under a build root (`dist/` in the package). */
export const prebuiltBundleDirectory = (root: string, bundle: LambdaBundle): string =>
  join(root, PREBUILT_BUNDLES_FOLDER, bundle.name);
