import sharp from 'sharp';

/**
 * Process-wide sharp settings, applied once at cold start.
 * - Only the decoders we serve are enabled (JPEG, PNG, WebP, GIF, HEIF/AVIF, SVG); every other libvips
 *   loader (PDF, TIFF, FITS, Magick...) is blocked so odd inputs cannot reach rarely-hardened code.
 * - The operation cache is kept small and the file cache off: inputs are buffers, and a Lambda's
 *   memory is better spent on concurrent pipelines than on cached intermediates.
 * - Threads per pipeline are set per render by `thread-share.ts`.
 */
let configured = false;

export function configureSharp(): void {
  if (configured) return;
  configured = true;
  sharp.block({ operation: ['VipsForeignLoad'] });
  sharp.unblock({
    operation: [
      'VipsForeignLoadJpegBuffer',
      'VipsForeignLoadPngBuffer',
      'VipsForeignLoadWebpBuffer',
      'VipsForeignLoadNsgifBuffer',
      'VipsForeignLoadHeifBuffer',
      'VipsForeignLoadSvgBuffer',
    ],
  });
  sharp.cache({ memory: 64, files: 0, items: 50 });
}
