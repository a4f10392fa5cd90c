import { crc32 } from 'node:zlib';

/**
 * Rewrites the width and height an image declares in its header, leaving the pixel data as it was,
 * so a decoder is told to expect a canvas the data cannot fill. Checksums are fixed (PNG CRC) so the
 * lie survives the parser's first integrity check. Returns undefined for a format it cannot patch.
 */
export function withDeclaredSize(body: Buffer, width: number, height: number): Buffer | undefined {
  const copy = Buffer.from(body);
  const patched =
    patchPng(copy, width, height) ?? patchJpeg(copy, width, height) ?? patchGif(copy, width, height);
  return (
    patched ??
    patchWebp(copy, width, height) ??
    patchAvif(copy, width, height) ??
    patchSvg(body, width, height)
  );
}

const u16 = (value: number) => value & 0xffff;

/** A PNG chunk with its length and CRC. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.byteLength);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

function patchPng(body: Buffer, width: number, height: number): Buffer | undefined {
  if (body.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  body.writeUInt32BE(width >>> 0, 16);
  body.writeUInt32BE(height >>> 0, 20);
  body.writeUInt32BE(crc32(body.subarray(12, 29)), 29);
  return body;
}

/** Every start-of-frame segment (SOF0-SOF15 except DHT, JPG and DAC) gets the new size. */
function patchJpeg(body: Buffer, width: number, height: number): Buffer | undefined {
  if (body[0] !== 0xff || body[1] !== 0xd8) return undefined;
  let offset = 2;
  while (offset + 9 < body.byteLength && body[offset] === 0xff) {
    const marker = body[offset + 1] ?? 0;
    const length = body.readUInt16BE(offset + 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      body.writeUInt16BE(u16(height), offset + 5);
      body.writeUInt16BE(u16(width), offset + 7);
    }
    if (marker === 0xda) break; // entropy-coded data follows the start of scan
    offset += 2 + length;
  }
  return body;
}

/** The logical screen and the first frame's descriptor. */
function patchGif(body: Buffer, width: number, height: number): Buffer | undefined {
  if (body.toString('latin1', 0, 3) !== 'GIF') return undefined;
  body.writeUInt16LE(u16(width), 6);
  body.writeUInt16LE(u16(height), 8);
  const flags = body[10] ?? 0;
  let offset = 13 + (flags & 0x80 ? 3 * 2 ** ((flags & 0x07) + 1) : 0);
  while (offset < body.byteLength) {
    const introducer = body[offset];
    if (introducer === 0x2c) {
      body.writeUInt16LE(u16(width), offset + 5);
      body.writeUInt16LE(u16(height), offset + 7);
      break;
    }
    if (introducer !== 0x21) break;
    offset += 2; // extension introducer and label, then data sub-blocks up to a zero length
    while (offset < body.byteLength && body[offset] !== 0) offset += 1 + (body[offset] ?? 0);
    offset += 1;
  }
  return body;
}

/** VP8X stores "size minus one" in 24 bits, so 1 to 2^24 pixels fit. */
function writeVp8xSize(body: Buffer, value: number, offset: number) {
  body.writeUIntLE(Math.min(Math.max(value, 1), 0x1000000) - 1, offset, 3);
}

/** The extended header's canvas (VP8X) or the lossy key frame's size (VP8). */
function patchWebp(body: Buffer, width: number, height: number): Buffer | undefined {
  if (body.toString('latin1', 0, 4) !== 'RIFF' || body.toString('latin1', 8, 12) !== 'WEBP') return undefined;
  const chunk = body.toString('latin1', 12, 16);
  if (chunk === 'VP8X') {
    writeVp8xSize(body, width, 24);
    writeVp8xSize(body, height, 27);
  } else if (chunk === 'VP8 ') {
    body.writeUInt16LE(width & 0x3fff, 26);
    body.writeUInt16LE(height & 0x3fff, 28);
  }
  return body;
}

/** HEIF's image spatial extents box (`ispe`): version/flags, then 32-bit width and height. */
function patchAvif(body: Buffer, width: number, height: number): Buffer | undefined {
  const ispe = body.indexOf('ispe', 0, 'latin1');
  if (body.toString('latin1', 4, 8) !== 'ftyp' || ispe < 0) return undefined;
  body.writeUInt32BE(width >>> 0, ispe + 8);
  body.writeUInt32BE(height >>> 0, ispe + 12);
  return body;
}

function patchSvg(body: Buffer, width: number, height: number): Buffer | undefined {
  const text = body.toString('utf8');
  if (!text.includes('<svg')) return undefined;
  const resized = text
    .replace(/\swidth="[^"]*"/, ` width="${width}"`)
    .replace(/\sheight="[^"]*"/, ` height="${height}"`);
  return Buffer.from(resized, 'utf8');
}
