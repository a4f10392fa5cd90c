import { invalid } from '../errors/image-error';

/**
 * ImageKit's "SEO-friendly image URL": `/<endpoint>/ik-seo/<dirs>/<stem>/<seo name>.<ext>` serves the
 * stored `<dirs>/<stem>.<ext>`. The marker sits where a path-form `tr:` may (before or after it).
 */
export const SEO_SEGMENT = 'ik-seo';

export interface SeoFile {
  /** The stored file's path segments, decoded: `[...dirs, "<stem>.<ext>"]`. */
  segments: string[];
  /** The name the URL gives the file, without its extension (`eiffel-tower`). */
  seoName: string;
}

/** Splits `name.ext` at its last dot; a name without one (or a leading dot only) has no extension. */
export function splitExtension(name: string): { base: string; extension: string | undefined } {
  const dot = name.lastIndexOf('.');
  return dot <= 0
    ? { base: name, extension: undefined }
    : { base: name.slice(0, dot), extension: name.slice(dot + 1) };
}

/**
 * The stored file an SEO path names, from the decoded segments after the `ik-seo` marker: the last
 * segment's extension moves onto the one before it (`DSC1234` + `eiffel-tower.jpg` -> `DSC1234.jpg`).
 */
export function storedFileOf(segments: readonly string[]): SeoFile {
  const seoFile = segments.at(-1);
  const stem = segments.at(-2);
  if (seoFile === undefined || stem === undefined)
    throw invalid(
      `An ${SEO_SEGMENT} URL needs the file name and an SEO name: ik-seo/<path>/<file>/<name>.<ext>`,
    );
  const { base, extension } = splitExtension(seoFile);
  const file = extension === undefined ? stem : `${stem}.${extension}`;
  return { segments: [...segments.slice(0, -2), file], seoName: base };
}

/**
 * Where SEO URLs of a stored file start, as decoded segments after the endpoint:
 * `[ik-seo, ...dirs, stem]` (the purge wildcard of every SEO name and extension of the file).
 */
export function seoPrefixOf(segments: readonly string[]): string[] {
  const file = segments.at(-1) ?? '';
  return [SEO_SEGMENT, ...segments.slice(0, -1), splitExtension(file).base];
}
