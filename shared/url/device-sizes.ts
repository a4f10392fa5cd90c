/**
 * Next.js 16's `images.deviceSizes` default. The `/_next/image` route accepts these widths, and the
 * browser client's srcsets use them too, so both ask for (and cache) the same variants.
 */
export const NEXT_DEFAULT_DEVICE_SIZES = [640, 750, 828, 1080, 1200, 1920, 2048, 3840];
