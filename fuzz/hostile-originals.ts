import { deflateSync } from 'node:zlib';
import { pngChunk } from './image-headers';

/**
 * Originals built by hand to attack the decoders: tiny files declaring huge canvases, files at the
 * exact pixel limit that really decode to that many pixels, SVGs that multiply work, and files that
 * are not images at all. Built once at start-up; the fuzzer picks them by name.
 */

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** An 8-bit greyscale PNG whose pixel data is `rows` rows of zeros (fewer than it declares if short). */
function greyPng(width: number, height: number, rows: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8);
  // Each row is a filter byte and `width` zeros: compresses about 1000:1.
  const pixels = deflateSync(Buffer.alloc((width + 1) * rows), { level: 9 });
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('IDAT', pixels),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A GIF89a of `frames` frames, each `frameWidth` x `frameHeight` of one palette colour. */
function gif(
  screen: { width: number; height: number },
  frameWidth: number,
  frameHeight: number,
  frames: number,
) {
  const header = Buffer.alloc(13);
  header.write('GIF89a', 0, 'latin1');
  header.writeUInt16LE(screen.width, 6);
  header.writeUInt16LE(screen.height, 8);
  header.set([0x80, 0, 0], 10); // a global colour table of 2 entries follows
  const palette = Buffer.from([0, 0, 0, 255, 255, 255]);
  const frame = Buffer.alloc(10 + 8);
  // Graphic control extension (10 ms delay), then the image descriptor.
  frame.set([0x21, 0xf9, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00], 0);
  frame.set([0x2c, 0, 0, 0, 0], 8);
  frame.writeUInt16LE(frameWidth, 13);
  frame.writeUInt16LE(frameHeight, 15);
  frame[17] = 0;
  const pixels = Buffer.from([0x02, 0x02, 0x44, 0x01, 0x00]); // LZW: min code size 2, one pixel, end
  const body = Array.from({ length: frames }, () => Buffer.concat([frame, pixels]));
  return Buffer.concat([header, palette, ...body, Buffer.from([0x3b])]);
}

/** `<use>` fan-out: each level references the one below ten times (10^depth shapes from a few KB). */
function svgUseBomb(depth: number): Buffer {
  const levels = [`<g id="l0"><rect width="4" height="4" fill="#c33"/></g>`];
  for (let level = 1; level <= depth; level += 1) {
    const uses = Array.from({ length: 10 }, (_, index) => `<use href="#l${level - 1}" x="${index}"/>`).join(
      '',
    );
    levels.push(`<g id="l${level}">${uses}</g>`);
  }
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><defs>${levels.join('')}</defs>` +
      `<use href="#l${depth}"/></svg>`,
  );
}

/** The "billion laughs" XML entity expansion. */
function svgEntityBomb(): Buffer {
  const entities = ['<!ENTITY l0 "lol">'];
  for (let level = 1; level <= 9; level += 1) {
    entities.push(`<!ENTITY l${level} "${`&l${level - 1};`.repeat(10)}">`);
  }
  return Buffer.from(
    `<?xml version="1.0"?><!DOCTYPE svg [${entities.join('')}]>` +
      `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><text y="20">&l9;</text></svg>`,
  );
}

const text = (value: string) => Buffer.from(value, 'utf8');

export function buildHostileOriginals(): Readonly<Record<string, Buffer>> {
  return {
    'png-flood-60000': greyPng(60_000, 60_000, 1),
    'png-flood-65535x1': greyPng(65_535, 1, 0),
    'png-at-pixel-limit': greyPng(10_000, 10_000, 10_000),
    'png-short-data': greyPng(4_000, 4_000, 10),
    'gif-screen-65535': gif({ width: 65_535, height: 65_535 }, 1, 1, 1),
    'gif-frame-65535': gif({ width: 1, height: 1 }, 65_535, 65_535, 1),
    'gif-1000-frames': gif({ width: 8, height: 8 }, 8, 8, 1_000),
    'gif-300-large-frames': gif({ width: 4_000, height: 4_000 }, 1, 1, 300),
    'svg-use-bomb': svgUseBomb(6),
    'svg-entity-bomb': svgEntityBomb(),
    'svg-huge-canvas': text('<svg xmlns="http://www.w3.org/2000/svg" width="100000" height="100000"/>'),
    'svg-script': text(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script>' +
        '<image href="http://169.254.169.254/latest/meta-data/" width="10" height="10"/></svg>',
    ),
    'text-as-image': text('This is not an image.\n'),
    'html-as-image': text('<!doctype html><html><body><script>alert(1)</script></body></html>'),
    'json-as-image': text('{"width": 60000, "height": 60000}'),
    empty: Buffer.alloc(0),
    'pdf-as-image': text('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
    'tiff-as-image': Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00]),
    'bmp-as-image': Buffer.concat([text('BM'), Buffer.alloc(60)]),
    'png-signature-only': PNG_SIGNATURE,
  };
}
