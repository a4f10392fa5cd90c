import type { SigningSchemeName } from '../../url/dialects/names';
import { cloudinaryScheme } from './cloudinary';
import { imagekitScheme } from './imagekit';
import { imgfrontScheme } from './imgfront';
import { imgixScheme } from './imgix';
import { thumborScheme } from './thumbor';
import type { SigningScheme } from './scheme';

const SCHEMES: Readonly<Record<SigningSchemeName, SigningScheme>> = {
  imgfront: imgfrontScheme,
  imagekit: imagekitScheme,
  imgix: imgixScheme,
  thumbor: thumborScheme,
  cloudinary: cloudinaryScheme,
};

export function schemeFor(name: SigningSchemeName): SigningScheme {
  return SCHEMES[name];
}
