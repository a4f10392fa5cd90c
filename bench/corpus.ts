import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { photoLike } from './avif-effort';

/**
 * The bench's originals, the same on every run (the demo landscape with seeded grain, see
 * `photoLike`): photo-like JPEGs at three sizes, a PNG with alpha, animated GIF and WebP.
 */
export const CORPUS = {
  large: 'photo-4000x3000.jpg',
  full: 'photo-1920x1080.jpg',
  small: 'photo-800x600.jpg',
  alpha: 'cutout-1200x800.png',
  gif: 'loop-480x270.gif',
  webp: 'loop-480x270.webp',
  logo: 'logo.png',
} as const;

/** The photos distinct-width workloads cycle through. */
export const PHOTOS = [CORPUS.large, CORPUS.full, CORPUS.small] as const;

/** A soft round cut-out as an SVG alpha mask: opaque in the middle, clear towards the corners. */
const roundMask = (width: number, height: number) =>
  Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
      '<defs><radialGradient id="g"><stop offset="0.6" stop-color="#fff"/><stop offset="1" stop-color="#000"/></radialGradient></defs>' +
      `<rect width="${width}" height="${height}" fill="url(#g)"/></svg>`,
  );

/** A photo-like picture with an alpha channel (the grey levels of {@link roundMask}). */
async function cutout(width: number, height: number): Promise<Buffer> {
  const alpha = await sharp(roundMask(width, height)).greyscale().extractChannel(0).raw().toBuffer();
  return sharp(await photoLike(width, height))
    .joinChannel(alpha, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
}

/** Frames of the same scene with a ball crossing it, so every frame differs from the last. */
async function animation(format: 'gif' | 'webp', frames = 12): Promise<Buffer> {
  const [width, height] = [480, 270];
  const scene = await photoLike(width, height);
  const images = await Promise.all(
    Array.from({ length: frames }, (_, index) => {
      const ball = Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
          `<circle cx="${40 + index * 35}" cy="135" r="30" fill="#e04020"/></svg>`,
      );
      return sharp(scene)
        .composite([{ input: ball }])
        .png()
        .toBuffer();
    }),
  );
  const joined = sharp(images, { join: { animated: true } });
  return format === 'gif' ? joined.gif({ delay: 80 }).toBuffer() : joined.webp({ delay: 80 }).toBuffer();
}

/** Bump when the generator changes, so a cached corpus from an older one is not reused. */
const CORPUS_VERSION = 2;

/**
 * The corpus folder, generated on first use (some seconds) and reused after: the
 * content is deterministic, so a cached copy is the same corpus.
 */
export async function ensureCorpus(): Promise<string> {
  const directory = join(tmpdir(), `imgfront-bench-corpus-v${CORPUS_VERSION}`);
  if (existsSync(directory)) return directory;
  const partial = `${directory}.${process.pid}`;
  await writeCorpus(partial);
  renameSync(partial, directory);
  return directory;
}

async function writeCorpus(directory: string): Promise<void> {
  mkdirSync(directory, { recursive: true });
  const files: Record<string, Promise<Buffer>> = {
    [CORPUS.large]: photoLike(4000, 3000),
    [CORPUS.full]: photoLike(1920, 1080),
    [CORPUS.small]: photoLike(800, 600),
    [CORPUS.alpha]: cutout(1200, 800),
    [CORPUS.gif]: animation('gif'),
    [CORPUS.webp]: animation('webp'),
    [CORPUS.logo]: cutout(300, 120),
  };
  for (const [name, bytes] of Object.entries(files)) writeFileSync(join(directory, name), await bytes);
}
