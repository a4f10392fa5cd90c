import { cloudinaryDialect } from './cloudinary';
import type { Dialect } from './dialect';
import { imagekitDialect } from './imagekit';
import { imgixDialect } from './imgix';
import { thumborDialect } from './thumbor';
import type { DialectName } from './names';

const DIALECTS: Readonly<Record<DialectName, Dialect>> = {
  imagekit: imagekitDialect,
  imgix: imgixDialect,
  thumbor: thumborDialect,
  cloudinary: cloudinaryDialect,
};

/** The endpoint's dialect; the service picks it by `settings.dialect` and knows nothing else of it. */
export function dialectFor(name: DialectName): Dialect {
  return DIALECTS[name];
}
