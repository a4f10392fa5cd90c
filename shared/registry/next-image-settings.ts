import { z } from 'zod';
import { NEXT_DEFAULT_DEVICE_SIZES } from '../url/device-sizes';

/** Next.js 16's `images` defaults: the other widths `/_next/image` accepts, the qualities and formats it allows. */
export const NEXT_DEFAULT_IMAGE_SIZES = [32, 48, 64, 96, 128, 256, 384];
export const NEXT_DEFAULT_QUALITIES = [75];
/** Next's `images.formats` default: WebP only; AVIF is served only where `next.config.js` lists it. */
export const NEXT_DEFAULT_FORMATS: NextImageFormat[] = ['image/webp'];

const NEXT_IMAGE_FORMATS = ['image/avif', 'image/webp'] as const;
type NextImageFormat = (typeof NEXT_IMAGE_FORMATS)[number];

const sizes = z.array(z.number().int().min(1).max(16_384)).max(64);

/** `settings.next`: the allow-lists of the deployment-wide `/_next/image` route, as in `next.config.js`. */
export const nextImageSettingsSchema = z
  .object({
    deviceSizes: sizes.default(NEXT_DEFAULT_DEVICE_SIZES),
    imageSizes: sizes.default(NEXT_DEFAULT_IMAGE_SIZES),
    qualities: z.array(z.number().int().min(1).max(100)).min(1).max(100).default(NEXT_DEFAULT_QUALITIES),
    /**
     * The formats the optimizer may pick by `Accept`, as `images.formats`. imgfront always offers WebP to
     * browsers that accept it, so the list must hold `image/webp`.
     * @default ['image/webp']
     */
    formats: z
      .array(z.enum(NEXT_IMAGE_FORMATS))
      .min(1)
      .max(2)
      .refine((formats) => formats.includes('image/webp'), 'Expected "image/webp" among next.formats')
      .default(NEXT_DEFAULT_FORMATS),
  })
  .default({
    deviceSizes: NEXT_DEFAULT_DEVICE_SIZES,
    imageSizes: NEXT_DEFAULT_IMAGE_SIZES,
    qualities: NEXT_DEFAULT_QUALITIES,
    formats: NEXT_DEFAULT_FORMATS,
  });
export type NextImageSettings = z.infer<typeof nextImageSettingsSchema>;
