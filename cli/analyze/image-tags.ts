/**
 * The images a page's markup names. No HTML parser is installed (neither htmlparser2 nor parse5), so
 * this is a small tolerant scanner: it reads `<img>` and `<source>` start tags (inside `<picture>`)
 * with quoted, unquoted or bare attributes, CSS backgrounds in `style` attributes and `<style>` blocks,
 * skips comments, scripts and templates, and never throws.
 */

/** One image reference found in the page. */
export interface ImageReference {
  /** Absolute URL (resolved against the page, or its `<base href>`). */
  url: string;
  /** Where it came from. */
  from: 'img src' | 'img srcset' | 'source srcset' | 'css background';
  /** The rendered size the markup states (`width`/`height` attributes, or a pixel `sizes`), CSS pixels. */
  renderedWidth?: number;
  renderedHeight?: number;
  /** The candidate's `srcset` descriptor as written: `400w` or `2x`. */
  descriptor?: string;
  /**
   * The width in device pixels this file is meant to be shown at: a `w` descriptor's width, or the
   * rendered width times an `x` descriptor's density (1 for `src`). What imgfront should resize to.
   */
  targetWidth?: number;
}

const SKIPPED_BLOCK = /<!--[\s\S]*?(?:-->|$)|<(script|template)\b[\s\S]*?(?:<\/\1\s*>|$)/gi;
/** A `<style>` block, or any start tag (its name and attribute text), in document order. */
const TOKEN =
  /<style\b[^>]*>([\s\S]*?)(?:<\/style\s*>|$)|<(\/?[a-z][a-z0-9-]*)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
const ATTRIBUTE = /([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
/** `background` / `background-image` declarations, up to the end of the declaration. */
const BACKGROUND_DECLARATION = /background(?:-image)?\s*:([^;}]*)/gi;
const CSS_URL = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^)"'\s]*))\s*\)/gi;

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

/** `width="400"` or `400px` as a number of CSS pixels; percentages and junk say nothing. */
function pixels(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d{1,5}\s*(px)?\s*$/i.test(value)) return undefined;
  const number = parseInt(value, 10);
  return number > 0 ? number : undefined;
}

/**
 * The rendered width a `sizes` attribute fixes whatever the viewport: only its last (default) entry,
 * and only when that is a pixel length (`(max-width: 600px) 100vw, 400px` renders at 400 on desktop).
 */
function sizesWidth(sizes: string | undefined): number | undefined {
  return pixels(sizes?.split(',').pop());
}

interface SrcsetCandidate {
  url: string;
  descriptor?: string;
  /** The width descriptor (`400w`), or the density (`2x`, default 1). */
  width?: number;
  density?: number;
}

/** The candidates of a `srcset` (`a.jpg 1x, b.jpg 2x` or `a.jpg 400w`); commas inside URLs are kept. */
function srcsetCandidates(srcset: string): SrcsetCandidate[] {
  return srcset
    .split(/,\s+|,(?=\S+\s+\d)/)
    .map((candidate) => candidate.trim().split(/\s+/))
    .filter(([url]) => url !== undefined && url !== '')
    .map(([url = '', descriptor]) => {
      const width = /^(\d{1,5})w$/i.exec(descriptor ?? '');
      const density = /^(\d{0,2}(?:\.\d+)?)x$/i.exec(descriptor ?? '');
      return {
        url,
        ...(descriptor === undefined ? {} : { descriptor }),
        ...(width ? { width: parseInt(width[1] ?? '', 10) } : {}),
        ...(density ? { density: parseFloat(density[1] ?? '') } : {}),
      };
    });
}

/** The image URLs of CSS `background` / `background-image` declarations (`url()` and `image-set()`). */
function backgroundUrls(css: string): string[] {
  const urls: string[] = [];
  for (const declaration of css.matchAll(BACKGROUND_DECLARATION)) {
    for (const url of (declaration[1] ?? '').matchAll(CSS_URL)) {
      const value = url[1] ?? url[2] ?? url[3] ?? '';
      if (value !== '') urls.push(value);
    }
  }
  return urls;
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

type Found = Omit<ImageReference, 'url'>;

/** A tag's rendered size and, for `src` or an `x` candidate, the device width it is meant for. */
function sized(attributes: Map<string, string>, candidate?: SrcsetCandidate): Found {
  const renderedWidth = pixels(attributes.get('width')) ?? sizesWidth(attributes.get('sizes'));
  const targetWidth =
    candidate?.width ??
    (renderedWidth === undefined ? undefined : Math.round(renderedWidth * (candidate?.density ?? 1)));
  return {
    from: 'img src',
    renderedWidth,
    renderedHeight: pixels(attributes.get('height')),
    ...(candidate?.descriptor === undefined ? {} : { descriptor: candidate.descriptor }),
    ...(targetWidth === undefined ? {} : { targetWidth }),
  };
}

/** Every image the page references, once per URL, in document order. */
export function findImages(html: string, pageUrl: string): ImageReference[] {
  let base = pageUrl;
  let inPicture = false;
  const found = new Map<string, ImageReference>();
  const add = (raw: string, reference: Found) => {
    const url = resolve(raw, base);
    if (url !== undefined && !found.has(url)) found.set(url, { url, ...reference });
  };
  const addSrcset = (from: 'img srcset' | 'source srcset', attributes: Map<string, string>) => {
    for (const candidate of srcsetCandidates(attributes.get('srcset') ?? '')) {
      add(candidate.url, { ...sized(attributes, candidate), from });
    }
  };
  const addBackgrounds = (css: string) => {
    for (const url of backgroundUrls(css)) add(decodeEntities(url), { from: 'css background' });
  };
  for (const match of html.replace(SKIPPED_BLOCK, '').matchAll(TOKEN)) {
    if (match[1] !== undefined) {
      addBackgrounds(match[1]);
      continue;
    }
    const name = (match[2] ?? '').toLowerCase();
    const attributes = attributesOf(match[3] ?? '');
    if (name === 'picture') inPicture = true;
    else if (name === '/picture') inPicture = false;
    else if (name === 'base') base = resolve(attributes.get('href') ?? '', pageUrl) ?? base;
    else if (name === 'source' && inPicture) addSrcset('source srcset', attributes);
    else if (name === 'img') {
      const src = attributes.get('src');
      if (src !== undefined && src.trim() !== '') add(src, sized(attributes));
      addSrcset('img srcset', attributes);
    }
    const style = attributes.get('style');
    if (style !== undefined && !name.startsWith('/')) addBackgrounds(style);
  }
  return [...found.values()];
}
