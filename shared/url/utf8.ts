// UTF-8 without Node's Buffer: the URL parser and builder also run in browsers (`imgfront/client`).
const encoder = new TextEncoder();

/** Bytes of `text` in UTF-8 (what an S3 key's length limit counts). */
export const utf8ByteLength = (text: string): number => encoder.encode(text).length;

/** Standard base64 of `text`'s UTF-8 bytes. */
export function utf8ToBase64(text: string): string {
  let binary = '';
  for (const byte of encoder.encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The bytes of standard base64 text; throws on text `atob` refuses. */
export const base64ToBytes = (base64: string): Uint8Array =>
  Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
