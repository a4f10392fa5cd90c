// Types only: the HMAC itself is Node's, so this builder stays browser-safe (the `imgfront/client` entry).
import type { UrlSigner } from '../signing/url-signature';
import { parseChain, serializeChain } from './chain';
import { refineStep } from './parameter-expressions';
import type { TransformStep } from './transform-spec';

export interface BuildUrlOptions {
  /** `https://img.example.com` (no trailing slash needed). */
  baseUrl: string;
  endpoint: string;
  /** The file path inside the endpoint, unencoded: `products/blue shoe.jpg`. */
  path: string;
  /** Chained steps, as parsed steps or ImageKit text (`w-400,h-300:rt-90`). */
  transformations?: readonly TransformStep[] | string;
  /** The original's version (`updatedAt`), making the URL cacheable as immutable. */
  version?: string;
  /** Signs the URL with `ik-s` (and `ik-t` when it expires): `hmacSigner(key)` on Node. */
  signing?: UrlSigner;
}

/**
 * Builds the canonical URL the service parses back into the same spec: query form with the
 * transformation serialised canonically, each path segment encoded once.
 */
export function buildUrl(options: BuildUrlOptions): string {
  const steps =
    typeof options.transformations === 'string'
      ? parseChain(options.transformations)
      : (options.transformations ?? []);
  const segments = options.path.split('/').filter((segment) => segment !== '');
  const query = new URLSearchParams();
  const chain = serializeChain(steps);
  if (chain) query.set('tr', chain);
  if (options.version !== undefined) query.set('updatedAt', options.version);
  if (options.signing) {
    const { expiresAt } = options.signing;
    if (expiresAt !== undefined) query.set('ik-t', String(expiresAt));
    const content = {
      endpointId: options.endpoint,
      path: { segments },
      steps,
      version: options.version,
      expiresAt,
    };
    query.set('ik-s', options.signing.sign(content));
  }
  const base = options.baseUrl.replace(/\/+$/, '');
  const search = query.toString().replace(/%3A/gi, ':').replace(/%2C/gi, ',');
  return `${base}/${options.endpoint}/${segments.map(encodeURIComponent).join('/')}${search ? `?${search}` : ''}`;
}

const stepsOf = (transformations: BuildUrlOptions['transformations']): TransformStep[] =>
  typeof transformations === 'string' ? parseChain(transformations) : [...(transformations ?? [])];

/** `transformations` with `extra` refining the last step (both branches of an if block). */
export function refineLastStep(
  transformations: BuildUrlOptions['transformations'],
  extra: TransformStep,
): TransformStep[] {
  const steps = stepsOf(transformations);
  const last = steps.pop() ?? {};
  return [...steps, ...refineStep(last, extra)];
}

/** The URL with `extra` refining the last step: a srcset entry, a loader's width. */
export const refinedUrl = (options: BuildUrlOptions, extra: TransformStep): string =>
  buildUrl({ ...options, transformations: refineLastStep(options.transformations, extra) });

/** One URL per value, each with `extra` refining the last step, as a `srcset` list. */
function srcset<V>(
  options: BuildUrlOptions,
  values: readonly V[],
  extra: (value: V) => TransformStep,
  descriptor: (value: V) => string,
) {
  // Parsed once, not once per value.
  const parsed = { ...options, transformations: stepsOf(options.transformations) };
  return values.map((value) => `${refinedUrl(parsed, extra(value))} ${descriptor(value)}`).join(', ');
}

/** `srcset` for responsive widths: `...?tr=w-320 320w, ...?tr=w-640 640w`. */
export const widthSrcset = (options: BuildUrlOptions, widths: readonly number[]): string =>
  srcset(
    options,
    widths,
    (width) => ({ width }),
    (width) => `${width}w`,
  );

/** `srcset` for device pixel ratios: `...?tr=w-400,dpr-2 2x`. */
export const dprSrcset = (options: BuildUrlOptions, ratios: readonly number[] = [1, 2, 3]): string =>
  srcset(
    options,
    ratios,
    (dpr) => ({ dpr }),
    (dpr) => `${dpr}x`,
  );
