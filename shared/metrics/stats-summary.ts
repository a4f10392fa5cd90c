import { z } from 'zod';

/**
 * What `imgfront stats` reports for one window: the same figures from CloudWatch (deployed) or from
 * the local stack's counters (`--local`), so both render and serialise alike.
 */
export const statsSummarySchema = z.object({
  /** The endpoint the figures are for; null for every endpoint together. */
  endpoint: z.string().nullable(),
  /** The window, ISO 8601. */
  from: z.string(),
  to: z.string(),
  requests: z.number().nonnegative(),
  errors: z.number().nonnegative(),
  /** Error responses by imgfront error code (`ENOENT`, `EINVALID`, ...). */
  errorsByCode: z.record(z.string(), z.number().nonnegative()),
  /** 99th percentile of the transform's total time; null without requests. */
  p99LatencyMs: z.number().nonnegative().nullable(),
  bytesOut: z.number().nonnegative(),
  /** Share of viewer requests the CDN answered from its cache (0 to 1); null when unknown. */
  hitRatio: z.number().min(0).max(1).nullable(),
});
export type StatsSummary = z.infer<typeof statsSummarySchema>;
