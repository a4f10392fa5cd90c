import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parse as parseFont } from 'opentype.js';
import sharp from 'sharp';
import { invalid } from '../errors/image-error';

/** The checkout's packages (not `require.resolve`: the bundler would try to follow it). */
const NODE_MODULES = join(__dirname, '..', '..', 'node_modules');

const dejaVu = (name: string, slant: 'Oblique' | 'Italic') =>
  [name, `${name}-Bold`, `${name}-${slant}`, `${name}-Bold${slant}`].map((file) =>
    join(NODE_MODULES, 'dejavu-fonts-ttf', 'ttf', `${file}.ttf`),
  );
const google = (pkg: string, name: string) =>
  ['400Regular', '700Bold', '400Regular_Italic', '700Bold_Italic'].map((weight) =>
    join(NODE_MODULES, '@expo-google-fonts', pkg, weight, `${name}_${weight}.ttf`),
  );

/**
 * Lambda has no system fonts, and a developer's machine has different ones: text renders only with
 * these fonts (regular, bold, italic, both; open licences: DejaVu's, and the SIL OFL of the Google
 * fonts ImageKit also lists), copied into the transform bundle's `fonts/`, and with font files from
 * the endpoint's origins, through a fontconfig file that names nothing else.
 */
const SHIPPED_FONTS: Readonly<Record<string, { family: string; files: readonly string[] }>> = {
  DejaVuSans: { family: 'DejaVu Sans', files: dejaVu('DejaVuSans', 'Oblique') },
  DejaVuSerif: { family: 'DejaVu Serif', files: dejaVu('DejaVuSerif', 'Italic') },
  DejaVuSansMono: { family: 'DejaVu Sans Mono', files: dejaVu('DejaVuSansMono', 'Oblique') },
  Roboto: { family: 'Roboto', files: google('roboto', 'Roboto') },
  OpenSans: { family: 'Open Sans', files: google('open-sans', 'OpenSans') },
  Lato: { family: 'Lato', files: google('lato', 'Lato') },
  Montserrat: { family: 'Montserrat', files: google('montserrat', 'Montserrat') },
  Lora: { family: 'Lora', files: google('lora', 'Lora') },
  Ubuntu: { family: 'Ubuntu', files: google('ubuntu', 'Ubuntu') },
};

/** `ff-` names of the built-in fonts, with pango's family name for each. */
export const BUILT_IN_FONTS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(SHIPPED_FONTS).map(([name, font]) => [name, font.family]),
);
export const DEFAULT_FONT = 'DejaVuSans';

/** The font files the transform bundle carries, where a checkout has them. */
export const SHIPPED_FONT_FILES: readonly string[] = Object.values(SHIPPED_FONTS).flatMap(
  (font) => font.files,
);

/** A custom font file above this size is refused before it is parsed. */
export const MAX_FONT_FILE_BYTES = 5 * 1024 * 1024;

/**
 * The bundle's `fonts/` folder on Lambda; in a checkout, a temporary folder linking exactly the same
 * files, so fontconfig sees the same fonts in both places (a package folder holds more weights).
 */
export function shippedFontDirectory(): string {
  // Found (and, in a checkout, linked) once per process: text renders ask on every request.
  shippedDirectory ??= findShippedFontDirectory();
  return shippedDirectory;
}

let shippedDirectory: string | undefined;

function findShippedFontDirectory(): string {
  const bundled = join(__dirname, 'fonts');
  if (existsSync(join(bundled, basename(SHIPPED_FONT_FILES[0] ?? '')))) return bundled;
  // One folder per checkout: links into another checkout's node_modules dangle once it is deleted.
  const checkout = createHash('sha256').update(NODE_MODULES).digest('hex').slice(0, 12);
  const linked = join(tmpdir(), `imgfront-shipped-fonts-${checkout}`);
  mkdirSync(linked, { recursive: true });
  for (const file of SHIPPED_FONT_FILES) {
    const link = join(linked, basename(file));
    if (existsSync(link)) continue;
    rmSync(link, { force: true }); // a dangling link (its target reinstalled or moved)
    symlinkSync(file, link);
  }
  return linked;
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
  /** The font files to register before drawing (see `registerFonts`). */
  files: readonly string[];
}

const registered = new Set<string>();

/**
 * Registers font files with fontconfig (libvips' `fontfile`, one draw per file, once per process), so
 * pango finds every style of a family even where `FONTCONFIG_FILE` cannot reach the native code (a
 * test runner's sandboxed `process.env`).
 */
export async function registerFonts(files: readonly string[]): Promise<void> {
  for (const file of files) {
    if (registered.has(file)) continue;
    await sharp({ text: { text: '.', fontfile: file } })
      .raw()
      .toBuffer();
    registered.add(file);
  }
}

/** A built-in font by its `ff-` name (case and spaces ignored), or undefined. */
export function builtInFont(name: string): FontChoice | undefined {
  configureFontconfig();
  const wanted = name.replace(/\s+/g, '').toLowerCase();
  const key = Object.keys(BUILT_IN_FONTS).find((candidate) => candidate.toLowerCase() === wanted);
  const font = key === undefined ? undefined : SHIPPED_FONTS[key];
  if (font === undefined) return undefined;
  const directory = shippedFontDirectory();
  return { family: font.family, files: font.files.map((file) => join(directory, basename(file))) };
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
  return { family, files: [file] };
}
