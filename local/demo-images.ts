import sharp from 'sharp';

/**
 * Demo originals generated deterministically with sharp (no binaries in the repo): a photo-like
 * landscape JPEG, a PNG with transparency, an animated GIF and a large 6000x4000 JPEG.
 */
function landscapeSvg(width: number, height: number): Buffer {
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 1200 800">
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#1e3c72"/><stop offset="1" stop-color="#f7b267"/></linearGradient>
    <radialGradient id="sun"><stop offset="0" stop-color="#fff6d5"/><stop offset="1" stop-color="#f79d65" stop-opacity="0"/></radialGradient>
  </defs>
  <rect width="1200" height="800" fill="url(#sky)"/>
  <circle cx="860" cy="330" r="220" fill="url(#sun)"/>
  <path d="M0 560 L220 380 L420 540 L640 300 L900 560 L1200 420 L1200 800 L0 800 Z" fill="#2d3a4a"/>
  <path d="M0 650 Q300 560 600 650 T1200 640 L1200 800 L0 800 Z" fill="#3b6e4f"/>
</svg>`);
}

export async function photo(width: number, height: number): Promise<Buffer> {
  return sharp(landscapeSvg(width, height)).resize(width, height).jpeg({ quality: 88 }).toBuffer();
}

async function logo(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512">
  <circle cx="256" cy="256" r="200" fill="#e4572e"/><rect x="176" y="176" width="160" height="160" fill="#ffffff" fill-opacity="0.85"/>
</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

async function animation(): Promise<Buffer> {
  const colours = ['#e4572e', '#29335c', '#f3a712', '#669bbc'];
  const frames = await Promise.all(
    colours.map((colour, index) =>
      sharp(
        Buffer.from(
          `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="160"><rect width="240" height="160" fill="#ffffff"/><circle cx="${40 + index * 53}" cy="80" r="36" fill="${colour}"/></svg>`,
        ),
      )
        .raw()
        .toBuffer(),
    ),
  );
  return sharp(Buffer.concat(frames), {
    raw: { width: 240, height: 160 * colours.length, channels: 4, pageHeight: 160 },
  })
    .gif({ delay: Array(colours.length).fill(250), loop: 0 })
    .toBuffer();
}

/**
 * The colour the demo paints faces in: the local Rekognition stub reports the box of these pixels as a
 * face (no model runs locally), and no other demo image holds it.
 */
export const DEMO_FACE_COLOUR = { r: 255, g: 204, b: 229 } as const;
/** Per channel: JPEG keeps a flat face within a few levels; the sun and the logo's highlights stay out. */
export const DEMO_FACE_TOLERANCE = 10;

/** A portrait with one cartoon face right of centre, for `fo-face`. */
async function portrait(): Promise<Buffer> {
  const { r, g, b } = DEMO_FACE_COLOUR;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800">
  <rect width="1200" height="800" fill="#a8dadc"/><rect x="690" y="420" width="260" height="380" rx="60" fill="#1d3557"/>
  <circle cx="820" cy="280" r="120" fill="rgb(${r},${g},${b})"/>
  <circle cx="780" cy="260" r="12" fill="#1d3557"/><circle cx="860" cy="260" r="12" fill="#1d3557"/>
  <path d="M770 320 Q820 360 870 320" stroke="#e63946" stroke-width="10" fill="none"/>
</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

/** A wide PNG banner for the web-folder demo origin. */
export async function banner(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="300"><rect width="1200" height="300" fill="#29335c"/><rect x="60" y="60" width="1080" height="180" rx="24" fill="#f3a712"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export interface DemoImage {
  key: string;
  body: Buffer;
  contentType: string;
}

export async function demoImages(): Promise<DemoImage[]> {
  return [
    { key: 'photos/landscape.jpg', body: await photo(1600, 1067), contentType: 'image/jpeg' },
    { key: 'photos/large.jpg', body: await photo(6000, 4000), contentType: 'image/jpeg' },
    { key: 'photos/portrait.jpg', body: await portrait(), contentType: 'image/jpeg' },
    { key: 'logo.png', body: await logo(), contentType: 'image/png' },
    { key: 'animated.gif', body: await animation(), contentType: 'image/gif' },
  ];
}
