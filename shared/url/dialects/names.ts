/**
 * The URL dialects and signature schemes an endpoint may speak (`settings.dialect`,
 * `settings.signing.scheme`). A leaf module: the registry schema, the dialects and the schemes all
 * read these names, and it imports nothing, so none of them import each other for a list.
 */
export const DIALECT_NAMES = ['imagekit', 'imgix', 'thumbor', 'cloudinary'] as const;
export type DialectName = (typeof DIALECT_NAMES)[number];

export const SIGNING_SCHEME_NAMES = ['imgfront', 'imagekit', 'imgix', 'thumbor', 'cloudinary'] as const;
export type SigningSchemeName = (typeof SIGNING_SCHEME_NAMES)[number];

/** Each dialect's own scheme, used when the endpoint names none (`imgfront` for ImageKit URLs). */
export const DEFAULT_SCHEME: Readonly<Record<DialectName, SigningSchemeName>> = {
  imagekit: 'imgfront',
  imgix: 'imgix',
  thumbor: 'thumbor',
  cloudinary: 'cloudinary',
};

/** The schemes whose signature a dialect's URLs can carry: a scheme signs where its vendor puts it. */
export const SCHEMES_FOR_DIALECT: Readonly<Record<DialectName, readonly SigningSchemeName[]>> = {
  imagekit: ['imgfront', 'imagekit'],
  imgix: ['imgix'],
  thumbor: ['thumbor'],
  cloudinary: ['cloudinary'],
};
