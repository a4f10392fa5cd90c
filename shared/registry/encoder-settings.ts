import { z } from 'zod';

const quality = z.number().int().min(1).max(100);

/**
 * Encoder settings of an endpoint (`settings.*`), after ImageKit's "Chroma Subsampling", "PNG
 * Compression" and "Progressive JPEGs" pages. URL parameters (`q-`, `pr-`, `lo-`) always win.
 */
export const encoderSettingsShape = {
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
