import sharp from 'sharp';
import { photo } from '../local/demo-images';

/**
 * The photo corpus of `quality-table.ts`, generated deterministically at 2400x1600: smooth and grainy
 * landscapes, a noisy low-light shot, a flat graphic (a UI screenshot with text) and a fine-detail
 * texture. Content variance is the point: q-80 overshoots on flat images and undershoots on busy ones.
 */
const [WIDTH, HEIGHT] = [2400, 1600];

/** Deterministic pseudo-random bytes (LCG), so every run measures the same corpus. */
function noise(length: number, seed: number): Buffer {
  let state = seed >>> 0;
  const bytes = Buffer.alloc(length);
  for (let index = 0; index < length; index += 1) {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    bytes[index] = state >>> 24;
  }
  return bytes;
}

/** Grey noise at `scale` px per sample, upscaled smoothly, as a PNG of the corpus size. */
function grain(scale: number, seed: number): Promise<Buffer> {
  const [w, h] = [Math.ceil(WIDTH / scale), Math.ceil(HEIGHT / scale)];
  return sharp(noise(w * h, seed), { raw: { width: w, height: h, channels: 1 } })
    .resize(WIDTH, HEIGHT, { kernel: 'cubic' })
    .toColourspace('srgb')
    .png()
    .toBuffer();
}

/** The demo landscape with grain at several scales (foliage, film grain), blended in by `amount` 0-1. */
async function textured(amount: number, seed: number): Promise<Buffer> {
  const layers = await Promise.all(
    [3, 12, 48].map(async (scale, index) => ({
      input: await grain(scale, seed + index),
      blend: 'soft-light' as const,
    })),
  );
  const smooth = await photo(WIDTH, HEIGHT);
  const base = await sharp(smooth).composite(layers).toBuffer();
  const blended = await sharp(base).ensureAlpha(amount).png().toBuffer();
  return sharp(smooth)
    .composite([{ input: blended }])
    .jpeg({ quality: 92 })
    .toBuffer();
}

/** Low light: the landscape darkened, with per-pixel sensor noise. */
async function noisy(): Promise<Buffer> {
  const dark = await sharp(await photo(WIDTH, HEIGHT))
    .linear(0.45, 8)
    .toBuffer();
  const sensor = await sharp(await grain(1, 7))
    .ensureAlpha(0.18)
    .png()
    .toBuffer();
  return sharp(dark)
    .composite([{ input: sensor, blend: 'overlay' }])
    .jpeg({ quality: 92 })
    .toBuffer();
}

/** A flat graphic: a UI screenshot with panels, buttons and text, as a PNG (what sites upload). */
function screenshot(): Promise<Buffer> {
  const lines = Array.from(
    { length: 28 },
    (_, index) =>
      `<text x="660" y="${260 + index * 44}" font-family="sans-serif" font-size="26" fill="#333">Line ${index + 1}: the quick brown fox jumps over the lazy dog, 0123456789</text>`,
  ).join('');
  const cards = Array.from(
    { length: 6 },
    (_, index) =>
      `<rect x="60" y="${220 + index * 210}" width="520" height="180" rx="16" fill="${['#e4572e', '#29335c', '#f3a712', '#669bbc', '#a8c686', '#ffffff'][index]}"/>`,
  ).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}">
  <rect width="${WIDTH}" height="${HEIGHT}" fill="#f4f5f7"/><rect width="${WIDTH}" height="140" fill="#1f2937"/>
  <text x="60" y="90" font-family="sans-serif" font-size="48" fill="#fff">Dashboard</text>${cards}${lines}
  <circle cx="2000" cy="700" r="260" fill="#29335c"/><path d="M2000 700 L2260 700 A260 260 0 0 1 1880 930 Z" fill="#f3a712"/>
</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** Fine detail everywhere (gravel, fabric): the landscape under dense two-pixel noise. */
async function detailed(): Promise<Buffer> {
  const fine = await sharp(await grain(2, 11))
    .ensureAlpha(0.6)
    .png()
    .toBuffer();
  return sharp(await photo(WIDTH, HEIGHT))
    .composite([{ input: fine, blend: 'soft-light' }])
    .jpeg({ quality: 92 })
    .toBuffer();
}

export async function qualityCorpus(): Promise<Record<string, Buffer>> {
  return {
    'smooth landscape': await photo(WIDTH, HEIGHT),
    'light grain': await textured(0.35, 1),
    foliage: await textured(0.7, 2),
    'heavy texture': await textured(1, 3),
    'low light noise': await noisy(),
    screenshot: await screenshot(),
    'fine detail': await detailed(),
  };
}
