import { z } from 'zod';

/** The device classes CloudFront tells apart (`CloudFront-Is-{Mobile,Tablet,Desktop}-Viewer`). */
export const DEVICE_CLASSES = ['mobile', 'tablet', 'desktop'] as const;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];

const side = z.number().int().min(1).max(16_384);
const deviceLimitSchema = z.strictObject({ maxWidth: side, maxHeight: side });

/**
 * `settings.saveData`: opt-in extra compression for viewers whose browser sends `Save-Data: on`
 * (ImageKit's "Data Saver Mode"). Absent, the header changes nothing.
 */
export const saveDataSettingsSchema = z
  .strictObject({
    /** Quality for those viewers; a URL's own lower `q` still wins. @default 50 */
    quality: z.number().int().min(1).max(100).default(50),
  })
  .optional();

/**
 * `settings.deviceLimits`: the largest output per device class, e.g. `{ desktop: { maxWidth: 2000,
 * maxHeight: 2000 }, mobile: { maxWidth: 1000, maxHeight: 1000 } }`. Larger outputs are scaled down to
 * fit (never refused); a class without an entry, or a request of unknown class, is not limited.
 */
export const deviceLimitsSchema = z
  .strictObject({ mobile: deviceLimitSchema, tablet: deviceLimitSchema, desktop: deviceLimitSchema })
  .partial()
  .optional();

export type SaveDataSettings = NonNullable<z.infer<typeof saveDataSettingsSchema>>;
export type DeviceLimits = NonNullable<z.infer<typeof deviceLimitsSchema>>;
