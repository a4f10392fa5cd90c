/** File extensions that differ from the output format's name. */
const EXTENSIONS: Readonly<Record<string, string>> = { jpeg: 'jpg', heif: 'heic' };

/** RFC 5987 `attr-char`: what `filename*` may hold unescaped (`encodeURIComponent` also leaves `'()*`). */
const NOT_ATTR_CHAR = /[^A-Za-z0-9!#$&+\-.^_`|~]/g;
/** What a quoted `filename` may not hold as is: quotes, backslashes, controls and non-ASCII. */
const NOT_PLAIN = /[^\x20-\x7e]|["\\]/g;

const utf8Percent = (character: string) =>
  [...Buffer.from(character, 'utf8')]
    .map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)
    .join('');

/**
 * `Content-Disposition: attachment` for ImageKit's `ik-attachment=true`, naming the file after the
 * URL (its SEO name, else the stored file's name) with the extension of the format actually sent.
 * A name that is not plain ASCII gets an ASCII `filename` fallback plus RFC 6266's UTF-8 `filename*`.
 */
export function attachmentDisposition(baseName: string, format: string): string {
  const name = `${baseName}.${EXTENSIONS[format] ?? format}`;
  const fallback = name.replace(NOT_PLAIN, '_');
  if (fallback === name) return `attachment; filename="${name}"`;
  return `attachment; filename="${fallback}"; filename*=UTF-8''${name.replace(NOT_ATTR_CHAR, utf8Percent)}`;
}
