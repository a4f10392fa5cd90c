import sharp, { type Sharp } from 'sharp';

/**
 * Deterministic test images generated with sharp, small enough to keep the suite fast. Known colours
 * in known places make crop, focus, flip and padding assertions exact.
 */

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

export const RED: Rgb = { r: 255, g: 0, b: 0 };
export const GREEN: Rgb = { r: 0, g: 255, b: 0 };
export const BLUE: Rgb = { r: 0, g: 0, b: 255 };
export const YELLOW: Rgb = { r: 255, g: 255, b: 0 };
export const WHITE: Rgb = { r: 255, g: 255, b: 255 };
export const BLACK: Rgb = { r: 0, g: 0, b: 0 };
export const MAGENTA: Rgb = { r: 255, g: 0, b: 255 };

/** The colour of each quadrant of {@link quadrantImage}. */
export const QUADRANTS = {
  topLeft: RED,
  topRight: GREEN,
  bottomLeft: BLUE,
  bottomRight: YELLOW,
} as const;

export type FixtureFormat = 'png' | 'jpeg' | 'webp';

function encoded(image: Sharp, format: FixtureFormat): Promise<Buffer> {
  // Near-lossless settings so colours survive the fixture's own encoding.
  switch (format) {
    case 'png':
      return image.png().toBuffer();
    case 'jpeg':
      return image.jpeg({ quality: 100, chromaSubsampling: '4:4:4' }).toBuffer();
    case 'webp':
      return image.webp({ lossless: true }).toBuffer();
  }
}

function solidRaw(width: number, height: number, colour: Rgb): Sharp {
  return sharp({ create: { width, height, channels: 3, background: colour } });
}

/** One flat colour. */
export function solidImage(width: number, height: number, colour: Rgb, format: FixtureFormat = 'png') {
  return encoded(solidRaw(width, height, colour), format);
}

/**
 * A `width` x `height` image (default 400x300) whose quadrants are red (top left), green (top right),
 * blue (bottom left) and yellow (bottom right); see {@link QUADRANTS}.
 */
export async function quadrantImage(
  options: { width?: number; height?: number; format?: FixtureFormat } = {},
): Promise<Buffer> {
  const { width = 400, height = 300, format = 'png' } = options;
  const halfWidth = width / 2;
  const halfHeight = height / 2;
  const tile = (colour: Rgb) => solidRaw(halfWidth, halfHeight, colour).png().toBuffer();
  const [topRight, bottomLeft, bottomRight] = await Promise.all([
    tile(QUADRANTS.topRight),
    tile(QUADRANTS.bottomLeft),
    tile(QUADRANTS.bottomRight),
  ]);
  const composed = await sharp({
    create: { width, height, channels: 3, background: QUADRANTS.topLeft },
  })
    .composite([
      { input: topRight, left: halfWidth, top: 0 },
      { input: bottomLeft, left: 0, top: halfHeight },
      { input: bottomRight, left: halfWidth, top: halfHeight },
    ])
    .removeAlpha() // composite adds an alpha channel; the fixture is opaque RGB
    .png()
    .toBuffer();
  return encoded(sharp(composed), format);
}

/** A PNG with alpha: the left half fully transparent, the right half opaque red. */
export async function transparentPng(width = 40, height = 20): Promise<Buffer> {
  const opaque = await sharp({
    create: { width: width / 2, height, channels: 4, background: { ...RED, alpha: 1 } },
  })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([{ input: opaque, left: width / 2, top: 0 }])
    .png()
    .toBuffer();
}

/** An animated GIF whose frames cycle through red, green and blue. */
export async function animatedGif(frames = 3, width = 20, height = 10): Promise<Buffer> {
  const cycle = [RED, GREEN, BLUE];
  const frameImages = await Promise.all(
    Array.from({ length: frames }, (_, index) =>
      solidRaw(width, height, cycle[index % cycle.length] ?? RED)
        .png()
        .toBuffer(),
    ),
  );
  return sharp(frameImages, { join: { animated: true } })
    .gif({ delay: 100 })
    .toBuffer();
}

/**
 * A JPEG quadrant image stored landscape (`width` x `height`) with an EXIF orientation tag: with
 * orientation 6 a viewer shows it rotated 90° clockwise, i.e. portrait with red at the top right.
 */
export async function orientedJpeg(orientation: number, width = 40, height = 30): Promise<Buffer> {
  const pixels = await quadrantImage({ width, height });
  return sharp(pixels).withMetadata({ orientation }).jpeg({ quality: 100 }).toBuffer();
}

/** A CMYK JPEG (sharp's built-in CMYK profile attached) of one colour. */
export function cmykJpeg(width: number, height: number, colour: Rgb): Promise<Buffer> {
  return solidRaw(width, height, colour).toColourspace('cmyk').jpeg({ quality: 100 }).toBuffer();
}

/** A JPEG converted to and tagged with the Display P3 profile (a non-sRGB ICC profile). */
export function displayP3Jpeg(width: number, height: number, colour: Rgb): Promise<Buffer> {
  return solidRaw(width, height, colour).withIccProfile('p3').jpeg({ quality: 100 }).toBuffer();
}

/** A `content` image centred on a uniform `border`-pixel frame of `frame` colour (for trim). */
export async function framedImage(
  content: { width: number; height: number; colour: Rgb },
  border: number,
  frame: Rgb,
): Promise<Buffer> {
  const inner = await solidRaw(content.width, content.height, content.colour).png().toBuffer();
  return sharp({
    create: {
      width: content.width + 2 * border,
      height: content.height + 2 * border,
      channels: 3,
      background: frame,
    },
  })
    .composite([{ input: inner, left: border, top: border }])
    .removeAlpha()
    .png()
    .toBuffer();
}

/** The left half one colour, the right half another: one sharp vertical edge in the middle. */
export async function halvesImage(left: Rgb, right: Rgb, width = 40, height = 10): Promise<Buffer> {
  const leftHalf = await solidRaw(width / 2, height, left)
    .png()
    .toBuffer();
  return solidRaw(width, height, right)
    .composite([{ input: leftHalf, left: 0, top: 0 }])
    .removeAlpha()
    .png()
    .toBuffer();
}

/** Grey Gaussian noise: detail-rich, so encoder quality, blur and sharpening change it measurably. */
export function noisyImage(width = 64, height = 48): Promise<Buffer> {
  return sharp({
    create: {
      width,
      height,
      channels: 3,
      background: BLACK,
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .png()
    .toBuffer();
}

/** The first `fraction` of a file's bytes, as a download cut short would leave it. */
export const truncated = (file: Buffer, fraction = 0.5): Buffer =>
  file.subarray(0, Math.floor(file.byteLength * fraction));

/** Plain text that an origin might serve with an image content type. */
export const TEXT_FILE = Buffer.from('This is a text file, not an image.\n', 'utf8');

/**
 * An SVG that tries to run a script, load a remote image and a remote stylesheet, all pointing at
 * `trapUrl` so a test can prove nothing was fetched. `withEntity` adds a use of an external XML
 * entity. The visible content is a 40x20 blue rectangle.
 */
export const hostileSvg = (trapUrl: string, { withEntity = false } = {}): Buffer =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>
<?xml-stylesheet href="${trapUrl}/style.css" type="text/css"?>
<!DOCTYPE svg [<!ENTITY secret SYSTEM "${trapUrl}/entity">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="20">
  <script>fetch('${trapUrl}/script')</script>
  <rect width="40" height="20" fill="#0000ff"/>
  <image xlink:href="${trapUrl}/image.png" x="0" y="0" width="40" height="20"/>
  <use xlink:href="${trapUrl}/sprite.svg#shape"/>
  ${withEntity ? '<text x="0" y="10">&secret;</text>' : ''}
</svg>`,
    'utf8',
  );

/** A mid-grey 400x300 image with one saturated red 60x60 patch at (300, 120): saliency finds it. */
export async function salientImage(): Promise<Buffer> {
  const patch = await solidRaw(60, 60, RED).png().toBuffer();
  return sharp({ create: { width: 400, height: 300, channels: 3, background: { r: 128, g: 128, b: 128 } } })
    .composite([{ input: patch, left: 300, top: 120 }])
    .removeAlpha()
    .png()
    .toBuffer();
}

/** The colour at one pixel of an encoded image (alpha included when the image has it). */
export async function pixelAt(image: Buffer, x: number, y: number): Promise<Rgb & { alpha: number }> {
  const { data, info } = await sharp(image)
    .extract({ left: x, top: y, width: 1, height: 1 })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const channel = (index: number) => data[index] ?? 0;
  if (info.channels <= 2)
    return { r: channel(0), g: channel(0), b: channel(0), alpha: info.channels === 2 ? channel(1) : 255 };
  return { r: channel(0), g: channel(1), b: channel(2), alpha: info.channels === 4 ? channel(3) : 255 };
}

const PALETTE = {
  red: RED,
  green: GREEN,
  blue: BLUE,
  yellow: YELLOW,
  white: WHITE,
  black: BLACK,
  magenta: MAGENTA,
};
export type ColourName = keyof typeof PALETTE;

/**
 * The palette name of the colour at one pixel: `transparent` below half alpha, `other` when no palette
 * colour is within 60 on every channel (lossy encoders shift colours a little, never that far).
 */
export async function colourAt(
  image: Buffer,
  x: number,
  y: number,
): Promise<ColourName | 'transparent' | 'other'> {
  const pixel = await pixelAt(image, x, y);
  if (pixel.alpha < 128) return 'transparent';
  const names = Object.keys(PALETTE) as ColourName[];
  const match = names.find((name) => {
    const colour = PALETTE[name];
    return [pixel.r - colour.r, pixel.g - colour.g, pixel.b - colour.b].every(
      (delta) => Math.abs(delta) <= 60,
    );
  });
  return match ?? 'other';
}
