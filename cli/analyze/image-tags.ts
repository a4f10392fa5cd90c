/**
 * The images a page's markup names. No HTML parser is installed (neither htmlparser2 nor parse5), so
 * this is a small tolerant tag scanner: it reads `<img>` and `<source>` start tags (inside `<picture>`)
 * with quoted, unquoted or bare attributes, skips comments, scripts and styles, and never throws.
 */

/** One image reference found in the page. */
export interface ImageReference {
  /** Absolute URL (resolved against the page, or its `<base href>`). */
  url: string;
  /** Where it came from: `img src`, `img srcset`, `source srcset`. */
  from: 'img src' | 'img srcset' | 'source srcset';
  /** The rendered size the markup states (`width`/`height` attributes, CSS pixels), when it does. */
  renderedWidth?: number;
  renderedHeight?: number;
}

const SKIPPED_BLOCKS = /<!--[\s\S]*?(?:-->|$)|<(script|style|template)\b[\s\S]*?(?:<\/\1\s*>|$)/gi;
const TAG = /<(img|source|picture|\/picture|base)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
const ATTRIBUTE = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };
const decodeEntities = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|apos|#39);/g, (_match, name: string) => ENTITIES[name] ?? '');

function attributesOf(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of text.matchAll(ATTRIBUTE)) {
    const name = (match[1] ?? '').toLowerCase();
    // The first occurrence wins, as in browsers.
    if (!attributes.has(name)) attributes.set(name, decodeEntities(match[2] ?? match[3] ?? match[4] ?? ''));
  }
  return attributes;
}

/** `width="400"` as a number of CSS pixels; percentages and junk say nothing. */
function pixels(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d{1,5}\s*(px)?\s*$/i.test(value)) return undefined;
  const number = parseInt(value, 10);
  return number > 0 ? number : undefined;
}

/** The URLs of a `srcset` (`a.jpg 1x, b.jpg 2x` or `a.jpg 400w`); commas inside URLs are kept. */
function srcsetUrls(srcset: string): string[] {
  return srcset
    .split(/,\s+|,(?=\S+\s+\d)/)
    .map((candidate) => candidate.trim().split(/\s+/)[0] ?? '')
    .filter((url) => url !== '');
}

function resolve(url: string, base: string): string | undefined {
  if (/^\s*data:/i.test(url)) return undefined;
  try {
    const resolved = new URL(url.trim(), base);
    return /^https?:$/.test(resolved.protocol) ? resolved.href : undefined;
  } catch {
    return undefined;
  }
}

/** Every image the page references, once per URL, in document order. */
export function findImages(html: string, pageUrl: string): ImageReference[] {
  let base = pageUrl;
  let inPicture = false;
  const found = new Map<string, ImageReference>();
  const add = (raw: string, from: ImageReference['from'], attributes: Map<string, string>) => {
    const url = resolve(raw, base);
    if (url === undefined || found.has(url)) return;
    found.set(url, {
      url,
      from,
      renderedWidth: pixels(attributes.get('width')),
      renderedHeight: pixels(attributes.get('height')),
    });
  };
  for (const match of html.replace(SKIPPED_BLOCKS, '').matchAll(TAG)) {
    const name = (match[1] ?? '').toLowerCase();
    const attributes = attributesOf(match[2] ?? '');
    if (name === 'picture') inPicture = true;
    else if (name === '/picture') inPicture = false;
    else if (name === 'base') base = resolve(attributes.get('href') ?? '', pageUrl) ?? base;
    else if (name === 'source' && inPicture) {
      for (const url of srcsetUrls(attributes.get('srcset') ?? '')) add(url, 'source srcset', attributes);
    } else if (name === 'img') {
      const src = attributes.get('src');
      if (src !== undefined && src.trim() !== '') add(src, 'img src', attributes);
      for (const url of srcsetUrls(attributes.get('srcset') ?? '')) add(url, 'img srcset', attributes);
    }
  }
  return [...found.values()];
}
