import { z } from 'zod';

/** Defaults of `settings.autoQuality`. */
export const AUTO_QUALITY_DEFAULTS = {
  metric: 'ssim',
  minQuality: 30,
  maxQuality: 90,
  maxEncodes: 7,
} as const;

/**
 * SSIM target per format when the endpoint sets none: the lowest measured at which the bench corpus's
 * mean SSIM still equals q-80's (`bench/quality-table.ts`; JPEG with q-auto's table 2, where 0.965 fell
 * below), so q-auto spends fewer bytes at no loss on average. AVIF is not in that table and keeps the
 * former single default.
 */
export const AUTO_QUALITY_TARGETS = { jpeg: 0.97, webp: 0.972, avif: 0.98 } as const;

const quality = z.number().int().min(1).max(100);

/**
 * Encoder settings of an endpoint (`settings.*`), after ImageKit's "Chroma Subsampling", "PNG
 * Compression" and "Progressive JPEGs" pages. URL parameters (`q-`, `pr-`, `lo-`) always win.
 */
export const encoderSettingsShape = {
  /** `auto`: without a URL `q-`, every lossy output gets perceptual quality (as `q-auto`); `fixed` uses the numbers. */
  quality: z.enum(['fixed', 'auto']).default('fixed'),
  /** How `q-auto` searches: the lowest quality in [minQuality, maxQuality] whose SSIM reaches `target`. */
  autoQuality: z
    .object({
      metric: z.literal('ssim').default('ssim'),
      /** SSIM (ssim.js, Bezkrovny windows, luma) to the unencoded pixels. @default `AUTO_QUALITY_TARGETS` by format */
      target: z.number().min(0.5).max(1).optional(),
      minQuality: quality.default(AUTO_QUALITY_DEFAULTS.minQuality),
      maxQuality: quality.default(AUTO_QUALITY_DEFAULTS.maxQuality),
      /** Encodes `q-auto` may spend, the final full-size one included (each probe costs one encode, decode and SSIM). */
      maxEncodes: z.number().int().min(1).max(8).default(AUTO_QUALITY_DEFAULTS.maxEncodes),
    })
    .refine((auto) => auto.minQuality <= auto.maxQuality, {
      message: 'minQuality must not exceed maxQuality',
    })
    .default(AUTO_QUALITY_DEFAULTS),
  /**
   * `4:2:0` halves colour resolution (smaller files), `4:4:4` keeps it (no colour fringes on sharp
   * edges). Applies to JPEG and AVIF. @default each encoder's own: 4:2:0 for JPEG, 4:4:4 for AVIF
   */
  chromaSubsampling: z.enum(['4:2:0', '4:4:4']).optional(),
  /** Lossy palette PNG (libimagequant, at the PNG quality); `lo-true` keeps PNG lossless. */
  pngPalette: z.boolean().default(false),
  /** Progressive JPEG when the URL says nothing (`pr-true` / `pr-false` win). */
  progressive: z.boolean().default(false),
  /** Default quality per output format, before `defaultQuality`, e.g. `{ avif: 50, webp: 75 }`. */
  formatQuality: z
    .object({
      jpeg: quality.optional(),
      webp: quality.optional(),
      avif: quality.optional(),
      png: quality.optional(),
    })
    .strict()
    .default({}),
};
