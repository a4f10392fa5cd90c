import { z } from 'zod';
import { parseChain } from '../url/chain';
import { PARAMETERS } from '../url/parameters';
import { dialectFor } from '../url/dialects';
import { DIALECT_NAMES, SCHEMES_FOR_DIALECT, SIGNING_SCHEME_NAMES } from '../url/dialects/names';
import { encoderSettingsShape } from './encoder-settings';
import { nextImageSettingsSchema } from './next-image-settings';
import { deviceLimitsSchema, saveDataSettingsSchema } from './viewer-settings';

/**
 * The endpoint registry's item schema. Validated on write (CLI, seeding) and on read (handler), so a
 * hand-edited item with a wrong field fails with a message naming the field instead of a crash.
 */

/** A secret is referenced, never stored: SSM Parameter Store (SecureString) or Secrets Manager. */
export const secretRefSchema = z.discriminatedUnion('source', [
  z.object({ source: z.literal('ssm'), name: z.string().min(1) }),
  z.object({ source: z.literal('secretsmanager'), id: z.string().min(1) }),
]);
export type SecretRef = z.infer<typeof secretRefSchema>;

const httpUrl = z
  .string()
  .url()
  .refine((value) => /^https?:\/\//i.test(value), 'must be an http or https URL');

export const s3OriginSchema = z.object({
  type: z.literal('s3'),
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name'),
  /** Key prefix inside the bucket, without a leading slash; requests can never leave it. */
  prefix: z.string().default(''),
  region: z.string().optional(),
  /** Role to assume for cross-account buckets. */
  roleArn: z.string().startsWith('arn:').optional(),
  /** S3-compatible stores (MinIO, R2, Wasabi) and the local emulator. */
  endpointUrl: httpUrl.optional(),
  forcePathStyle: z.boolean().default(false),
});

export const webFolderOriginSchema = z.object({
  type: z.literal('web'),
  baseUrl: httpUrl,
  headers: z.record(z.string(), z.string()).default({}),
  basicAuth: z.object({ username: z.string().min(1), password: secretRefSchema }).optional(),
  /** HMAC-SHA256 key used to sign origin requests (imgix-style `X-Imgfront-Signature` headers). */
  requestSigningKey: secretRefSchema.optional(),
});

export const webProxyOriginSchema = z.object({
  type: z.literal('webProxy'),
  /** Hostnames the path may name (`/<endpoint>/https://host/img.jpg`); exact match, lowercase. */
  allowedHosts: z.array(z.string().min(1).toLowerCase()).min(1),
});

export const originSchema = z.discriminatedUnion('type', [
  s3OriginSchema,
  webFolderOriginSchema,
  webProxyOriginSchema,
]);
export type Origin = z.infer<typeof originSchema>;
export type S3Origin = z.infer<typeof s3OriginSchema>;
export type WebFolderOrigin = z.infer<typeof webFolderOriginSchema>;
export type WebProxyOrigin = z.infer<typeof webProxyOriginSchema>;

const ONE_YEAR_SECONDS = 31_536_000;

/** A stored transformation chain; it must parse in the endpoint's dialect (checked with the settings). */
const chainSchema = z.string().min(1);

export const endpointSettingsSchema = z.object({
  /** Quality used when the URL gives none. */
  defaultQuality: z.number().int().min(1).max(100).default(80),
  ...encoderSettingsShape,
  /** Serve AVIF/WebP by `Accept` when the URL names no format (ImageKit's automatic format). */
  autoFormat: z.boolean().default(true),
  /** Whether automatic format may pick AVIF (slower to encode). */
  avif: z.boolean().default(true),
  maxWidth: z.number().int().min(1).max(16_384).default(8192),
  maxHeight: z.number().int().min(1).max(16_384).default(8192),
  /** The only pixel widths a resized output may have, after `dpr` (see `transform/allowed-widths.ts`). */
  allowedWidths: z.array(z.number().int().min(1).max(16_384)).min(1).max(100).optional(),
  /** Widths between allowed ones: `round-up` to the next allowed width, or `reject` with 400 `ELIMIT`. */
  widthPolicy: z.enum(['round-up', 'reject']).default('round-up'),
  cacheTtlSeconds: z.number().int().min(0).default(ONE_YEAR_SECONDS),
  errorCacheTtlSeconds: z.number().int().min(0).default(300),
  /** Unversioned URLs of objects with a known version get this TTL, so they refresh in bounded time. */
  unversionedTtlSeconds: z.number().int().min(0).optional(),
  honourOriginCacheControl: z.boolean().default(false),
  /** Path (inside this endpoint) served when the original is missing, like ImageKit's `di-`. */
  defaultImage: z.string().min(1).optional(),
  /** `n-<name>` expands to this transformation chain, e.g. `{ thumb: "w-200,h-200" }`. */
  namedTransformations: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/), chainSchema).default({}),
  /** Refuse any transformation that is not a named one. */
  namedOnly: z.boolean().default(false),
  /**
   * The only transformation parameters an ImageKit-dialect URL may write (`["w", "h", "f", "q"]`;
   * `l` for layers, `if` for conditions); checked by the viewer function, which answers 400 otherwise.
   * @default any
   */
  allowedParameters: z
    .array(z.enum(['l', 'if', ...PARAMETERS.map((descriptor) => descriptor.key)]))
    .min(1)
    .optional(),
  /**
   * The most distinct transformations rendered of one original per UTC day; past it, a new one
   * answers 400 `ELIMIT` (those already rendered today still render). @default unlimited
   */
  maxVariantsPerOriginal: z.number().int().min(1).max(100_000).optional(),
  /** Layers (`l-image`, `l-text`, nested ones included) a URL may hold; ImageKit's limit is 10. */
  maxLayers: z.number().int().min(0).max(25).default(10),
  /** The URL grammar after the endpoint segment (ImageKit's, imgix's, Thumbor's or Cloudinary's). */
  dialect: z.enum(DIALECT_NAMES).default('imagekit'),
  /** Allow-lists of `/_next/image` when this is the default endpoint (Next.js 16's defaults). */
  next: nextImageSettingsSchema,
  signing: z
    .object({
      required: z.boolean().default(false),
      /** Several keys may be active at once so keys can rotate. */
      keys: z.array(secretRefSchema).default([]),
      /** The signature grammar and algorithm. @default the dialect's own (`imgfront` for `imagekit`) */
      scheme: z.enum(SIGNING_SCHEME_NAMES).optional(),
    })
    .default({ required: false, keys: [] }),
  /** Enqueue a CloudFront purge when an original is overwritten or deleted. */
  purgeOnChange: z.boolean().default(true),
  /**
   * `fo-face` crops around faces found by Amazon Rekognition (billed per image; the stage must enable
   * it too). Off, `fo-face` answers 400 naming this setting.
   */
  faceDetection: z.boolean().default(false),
  /** `Save-Data: on` gets this lower quality (see `viewer-settings.ts`); off when absent. */
  saveData: saveDataSettingsSchema,
  /** Output caps per CloudFront device class (see `viewer-settings.ts`); none when absent. */
  deviceLimits: deviceLimitsSchema,
  /**
   * Keep a copy of each original fetched from a `web` or `webProxy` origin in imgfront's own bucket and
   * read it from there next time (ImageKit's "save a copy of original assets"); purges delete it.
   */
  keepOriginalCopy: z.boolean().default(false),
});
export type EndpointSettings = z.infer<typeof endpointSettingsSchema>;

/** One URL path segment: letters, digits, `_`, `-`, `.`, never `.` or `..` alone. */
export const endpointIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 letters, digits, "_", "-" or "."')
  .refine((id) => id !== '.' && id !== '..', 'must not be "." or ".."');

const endpointFields = z.object({
  id: endpointIdSchema,
  /** Serves requests whose first segment matches no endpoint (the whole path is then the file path). */
  isDefault: z.boolean().default(false),
  origins: z.array(originSchema).min(1).max(10),
  settings: endpointSettingsSchema
    .default(endpointSettingsSchema.parse({}))
    // A scheme reads its signature where its vendor puts it; other dialects' URLs have no such place.
    .refine(
      ({ dialect, signing }) =>
        signing.scheme === undefined || SCHEMES_FOR_DIALECT[dialect].includes(signing.scheme),
      { message: 'signing.scheme does not fit the dialect', path: ['signing', 'scheme'] },
    )
    // Named transformations are written in the endpoint's dialect, so a typo fails on write, not per request.
    .superRefine(({ dialect, namedTransformations }, context) => {
      const parse = dialectFor(dialect).parseNamed ?? parseChain;
      for (const [name, chain] of Object.entries(namedTransformations)) {
        try {
          parse(chain);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          context.addIssue({ code: 'custom', message, path: ['namedTransformations', name] });
        }
      }
    }),
});

/** S3 originals are in S3 already: a copy would only double the storage, so the setting is refused there. */
const hasWebOrigin = (origins: readonly Origin[]) => origins.some((origin) => origin.type !== 's3');

export const endpointSchema = endpointFields.refine(
  ({ origins, settings }) => !settings.keepOriginalCopy || hasWebOrigin(origins),
  {
    message: 'keeps copies of web and webProxy originals only, and this endpoint has only s3 origins',
    path: ['settings', 'keepOriginalCopy'],
  },
);
export type Endpoint = z.infer<typeof endpointSchema>;
export type EndpointInput = z.input<typeof endpointSchema>;

/** Parses an endpoint document; the error message names every bad field by its path. */
export function parseEndpoint(
  document: unknown,
): { ok: true; endpoint: Endpoint } | { ok: false; message: string } {
  const result = endpointSchema.safeParse(document);
  if (result.success) return { ok: true, endpoint: result.data };
  const message = result.error.issues
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
  return { ok: false, message };
}
