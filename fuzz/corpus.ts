import sharp from 'sharp';

/** One small, valid original of each decoder the service enables, generated at start-up. */
export interface CorpusEntry {
  name: string;
  /** The file name the origins serve it under (`photo.jpg`). */
  file: string;
  body: Buffer;
}

/** Detail-rich but deterministic pixels (sharp's noise is random), so a mutation replays byte for byte. */
function pattern(width: number, height: number, channels: 3 | 4 = 3) {
  const pixels = Buffer.alloc(width * height * channels);
  for (let index = 0; index < pixels.length; index += 1) {
    const pixel = Math.floor(index / channels);
    const [x, y, channel] = [pixel % width, Math.floor(pixel / width), index % channels];
    pixels[index] = channel === 3 ? 128 + ((x * y) % 128) : (x * 37 + y * 91 + channel * 53 + x * y) % 256;
  }
  return sharp(pixels, { raw: { width, height, channels } });
}

async function animatedGif(): Promise<Buffer> {
  const colours = ['#ff0000', '#00ff00', '#0000ff'];
  const frames = await Promise.all(
    colours.map((background) =>
      sharp({ create: { width: 24, height: 16, channels: 3, background } })
        .png()
        .toBuffer(),
    ),
  );
  return sharp(frames, { join: { animated: true } })
    .gif({ delay: 50 })
    .toBuffer();
}

const SVG = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect width="40" height="30" fill="#36c"/>' +
    '<circle cx="20" cy="15" r="10" fill="#fc3"/><text x="2" y="28" font-size="8">fuzz</text></svg>',
);

export async function buildCorpus(): Promise<readonly CorpusEntry[]> {
  const [jpeg, orientedJpeg, png, webp, gif, animated, avif] = await Promise.all([
    pattern(64, 48).jpeg({ quality: 80 }).toBuffer(),
    pattern(48, 32).withMetadata({ orientation: 6 }).jpeg({ progressive: true }).toBuffer(),
    pattern(40, 30, 4).png().toBuffer(),
    pattern(40, 30, 4).webp({ quality: 70 }).toBuffer(),
    pattern(32, 24).gif().toBuffer(),
    animatedGif(),
    pattern(32, 24).avif({ effort: 0 }).toBuffer(),
  ]);
  return [
    { name: 'jpeg', file: 'photo.jpg', body: jpeg },
    { name: 'jpeg-exif', file: 'rotated.jpg', body: orientedJpeg },
    { name: 'png', file: 'alpha.png', body: png },
    { name: 'webp', file: 'alpha.webp', body: webp },
    { name: 'gif', file: 'still.gif', body: gif },
    { name: 'gif-animated', file: 'animated.gif', body: animated },
    { name: 'avif', file: 'photo.avif', body: avif },
    { name: 'svg', file: 'drawing.svg', body: SVG },
  ];
}
