import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseFont } from 'opentype.js';
import { invalid } from '../errors/image-error';

/**
 * Lambda has no system fonts, and a developer's machine has different ones: text renders only with
 * the fonts shipped here (DejaVu, from `dejavu-fonts-ttf`, copied into the transform bundle's `fonts/`)
 * and with font files from the endpoint's origins, through a fontconfig file that names nothing else.
 */
export const BUILT_IN_FONTS: Readonly<Record<string, string>> = {
  DejaVuSans: 'DejaVu Sans',
  DejaVuSerif: 'DejaVu Serif',
  DejaVuSansMono: 'DejaVu Sans Mono',
};
export const DEFAULT_FONT = 'DejaVuSans';

/** The TTF files the transform bundle carries (regular, bold, italic/oblique, both, per family). */
export const SHIPPED_FONT_FILES = [
  'DejaVuSans.ttf',
  'DejaVuSans-Bold.ttf',
  'DejaVuSans-Oblique.ttf',
  'DejaVuSans-BoldOblique.ttf',
  'DejaVuSerif.ttf',
  'DejaVuSerif-Bold.ttf',
  'DejaVuSerif-Italic.ttf',
  'DejaVuSerif-BoldItalic.ttf',
  'DejaVuSansMono.ttf',
  'DejaVuSansMono-Bold.ttf',
  'DejaVuSansMono-Oblique.ttf',
  'DejaVuSansMono-BoldOblique.ttf',
] as const;

/** A custom font file above this size is refused before it is parsed. */
export const MAX_FONT_FILE_BYTES = 5 * 1024 * 1024;

/** The bundle's `fonts/` folder on Lambda; the npm package's folder in a checkout. */
export function shippedFontDirectory(): string {
  const bundled = join(__dirname, 'fonts');
  if (existsSync(join(bundled, SHIPPED_FONT_FILES[0]))) return bundled;
  // Not `require.resolve`: the bundler would try to resolve it; the checkout's copy is at a fixed place.
  return join(__dirname, '..', '..', 'node_modules', 'dejavu-fonts-ttf', 'ttf');
}

let configured = false;

/** Points fontconfig at the shipped fonts only, before libvips first renders text. */
function configureFontconfig(): void {
  if (configured) return;
  configured = true;
  const directory = join(tmpdir(), 'imgfront-fontconfig');
  mkdirSync(directory, { recursive: true });
  const file = join(directory, 'fonts.conf');
  writeFileSync(
    file,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n` +
      `  <dir>${shippedFontDirectory()}</dir>\n  <dir>${customFontDirectory()}</dir>\n` +
      `  <cachedir>${join(directory, 'cache')}</cachedir>\n</fontconfig>\n`,
  );
  process.env.FONTCONFIG_FILE = file;
}

const customFontDirectory = () => join(tmpdir(), 'imgfront-fonts');

/** What sharp's `text` input needs to draw with a font. */
export interface FontChoice {
  /** Pango's family name. */
  family: string;
  /** A font file to register first (custom fonts only). */
  file: string | undefined;
}

/** A built-in font by its `ff-` name (case and spaces ignored), or undefined. */
export function builtInFont(name: string): FontChoice | undefined {
  configureFontconfig();
  const wanted = name.replace(/\s+/g, '').toLowerCase();
  const key = Object.keys(BUILT_IN_FONTS).find((candidate) => candidate.toLowerCase() === wanted);
  return key === undefined ? undefined : { family: BUILT_IN_FONTS[key] as string, file: undefined };
}

/** opentype.js 1.3 keeps names per platform; its types describe the flat form of later versions. */
interface PlatformNames {
  fontFamily?: Record<string, string>;
  windows?: { fontFamily?: Record<string, string> };
  macintosh?: { fontFamily?: Record<string, string> };
}

/** The font's family name, or undefined when the bytes are not a font opentype.js can read. */
function familyOf(body: Buffer): string | undefined {
  try {
    const bytes = body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer;
    const names = parseFont(bytes).names as PlatformNames;
    const family = names.fontFamily ?? names.windows?.fontFamily ?? names.macintosh?.fontFamily ?? {};
    return family.en ?? Object.values(family)[0];
  } catch {
    return undefined;
  }
}

/**
 * A custom font from the endpoint: it must parse as TrueType/OpenType, and is written once per content
 * to a temporary file (pango loads fonts from files), named by its hash so two fonts never collide.
 */
export function customFont(path: string, body: Buffer): FontChoice {
  configureFontconfig();
  if (body.byteLength > MAX_FONT_FILE_BYTES)
    throw invalid(`Font "${path}" is larger than ${MAX_FONT_FILE_BYTES} bytes`);
  const family = familyOf(body);
  if (!family || !/^[\w .-]{1,64}$/.test(family))
    throw invalid(`Font "${path}" is not a TrueType or OpenType font`);
  // Fonts register process-wide by family: a custom "DejaVu Sans" would restyle every built-in text.
  if (Object.values(BUILT_IN_FONTS).some((builtIn) => builtIn.toLowerCase() === family.toLowerCase()))
    throw invalid(
      `Font "${path}" has the family name of a built-in font; use "ff-${family.replace(/ /g, '')}"`,
    );
  const directory = customFontDirectory();
  mkdirSync(directory, { recursive: true });
  const file = join(directory, `${createHash('sha256').update(body).digest('hex').slice(0, 32)}.ttf`);
  if (!existsSync(file)) writeFileSync(file, body);
  return { family, file };
}
