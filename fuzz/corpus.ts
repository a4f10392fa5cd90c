import sharp from 'sharp';

/** One small, valid original of each decoder the service enables, generated at start-up. */
export interface CorpusEntry {
  name: string;
  /** The file name the origins serve it under (`photo.jpg`). */
  file: string;
  body: Buffer;
}

const noise = (width: number, height: number, channels: 3 | 4 = 3) =>
  sharp({
    create: {
      width,
      height,
      channels,
      background: { r: 0, g: 0, b: 0, alpha: 0.5 },
      noise: { type: 'gaussian', mean: 128, sigma: 50 },
    },
  });

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
    noise(64, 48).jpeg({ quality: 80 }).toBuffer(),
    noise(48, 32).withMetadata({ orientation: 6 }).jpeg({ progressive: true }).toBuffer(),
    noise(40, 30, 4).png().toBuffer(),
    noise(40, 30, 4).webp({ quality: 70 }).toBuffer(),
    noise(32, 24).gif().toBuffer(),
    animatedGif(),
    noise(32, 24).avif({ effort: 0 }).toBuffer(),
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
