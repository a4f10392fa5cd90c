import { createHash } from 'node:crypto';
import { z } from 'zod';
import { MAX_INVALIDATION_PATH_LENGTH } from './invalidation-path';

/** CloudFront accepts at most this many paths in one invalidation. */
export const MAX_PATHS_PER_INVALIDATION = 3000;

/**
 * A purge request: the body of every purge-queue message (JSON) and the payload of a direct
 * invocation of the invalidation Lambda.
 *
 * ```json
 * { "id": "optional idempotency key", "paths": ["/demo/a.jpg*"], "requestedAt": 1700000000000 }
 * ```
 *
 * - `paths`: CloudFront invalidation paths, each starting with `/`, percent-encoded, `*` only at the end.
 * - `requestedAt`: when the purge was requested, ms since the epoch.
 * - `id`: optional; the same id means the same purge (processed once). Without it the id is derived
 *   from the content, so a redelivered message is still recognised.
 */
export const purgeMessageSchema = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'must be 1-128 letters, digits, "_", ".", ":" or "-"')
    .optional(),
  paths: z
    .array(
      z
        .string()
        .startsWith('/', 'must start with "/"')
        .max(MAX_INVALIDATION_PATH_LENGTH)
        .refine((path) => !path.slice(0, -1).includes('*'), 'may contain "*" only at the end'),
    )
    .min(1)
    .max(MAX_PATHS_PER_INVALIDATION),
  requestedAt: z.number().int().nonnegative(),
});
export type PurgeMessage = z.infer<typeof purgeMessageSchema>;

/** Parses a purge message (object or JSON text); the error names every bad field. */
export function parsePurgeMessage(
  input: unknown,
): { ok: true; message: PurgeMessage } | { ok: false; error: string } {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      return { ok: false, error: 'body is not JSON' };
    }
  }
  const result = purgeMessageSchema.safeParse(value);
  if (result.success) return { ok: true, message: result.data };
  return {
    ok: false,
    error: result.error.issues
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; '),
  };
}

/** Hex SHA-256 of the parts, joined by a separator no path or id contains. */
export const hashOf = (parts: readonly string[]): string =>
  createHash('sha256').update(parts.join('\n')).digest('hex');

/** The purge's identity: its `id`, or a hash of its sorted paths and request time. */
export function purgeIdOf(message: PurgeMessage): string {
  return message.id ?? hashOf([String(message.requestedAt), ...[...message.paths].sort()]).slice(0, 40);
}
