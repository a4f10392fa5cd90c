import { z } from 'zod';

/** Next.js 16's `images` defaults: the widths `/_next/image` accepts and the qualities it allows. */
export const NEXT_DEFAULT_DEVICE_SIZES = [640, 750, 828, 1080, 1200, 1920, 2048, 3840];
export const NEXT_DEFAULT_IMAGE_SIZES = [32, 48, 64, 96, 128, 256, 384];
export const NEXT_DEFAULT_QUALITIES = [75];

const sizes = z.array(z.number().int().min(1).max(16_384)).max(64);

/** `settings.next`: the allow-lists of the deployment-wide `/_next/image` route, as in `next.config.js`. */
export const nextImageSettingsSchema = z
  .object({
    deviceSizes: sizes.default(NEXT_DEFAULT_DEVICE_SIZES),
    imageSizes: sizes.default(NEXT_DEFAULT_IMAGE_SIZES),
    qualities: z.array(z.number().int().min(1).max(100)).min(1).max(100).default(NEXT_DEFAULT_QUALITIES),
  })
  .default({
    deviceSizes: NEXT_DEFAULT_DEVICE_SIZES,
    imageSizes: NEXT_DEFAULT_IMAGE_SIZES,
    qualities: NEXT_DEFAULT_QUALITIES,
  });
export type NextImageSettings = z.infer<typeof nextImageSettingsSchema>;
