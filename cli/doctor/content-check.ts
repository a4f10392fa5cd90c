import type { InputFormat } from '../../shared/transform/source-info';

const MEDIA_TYPES: Record<InputFormat, readonly string[]> = {
  jpeg: ['image/jpeg', 'image/jpg', 'image/pjpeg'],
  png: ['image/png'],
  webp: ['image/webp'],
  gif: ['image/gif'],
  avif: ['image/avif'],
  heif: ['image/heif', 'image/heic'],
  svg: ['image/svg+xml'],
};

/**
 * A note when the origin's Content-Type disagrees with the bytes. The service goes by the bytes, but
 * browsers, other CDNs and email clients reading the origin directly do not (deliverability).
 */
export function contentTypeNote(claimed: string | undefined, sniffed: InputFormat): string | undefined {
  if (claimed === undefined) return `the origin sends no Content-Type for this ${sniffed} file`;
  const mediaType = claimed.split(';')[0]?.trim().toLowerCase() ?? '';
  if (MEDIA_TYPES[sniffed].includes(mediaType)) return undefined;
  return `Content-Type says "${claimed}" but the bytes are ${sniffed}: fix the stored type for other clients`;
}
