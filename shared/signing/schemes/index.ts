import type { SigningSchemeName } from '../../url/dialects/names';
import { imagekitScheme } from './imagekit';
import { imgfrontScheme } from './imgfront';
import { imgixScheme } from './imgix';
import { thumborScheme } from './thumbor';
import type { SigningScheme } from './scheme';

const SCHEMES: Partial<Record<SigningSchemeName, SigningScheme>> = {
  imgfront: imgfrontScheme,
  imagekit: imagekitScheme,
  imgix: imgixScheme,
  thumbor: thumborScheme,
};

export function schemeFor(name: SigningSchemeName): SigningScheme | undefined {
  return SCHEMES[name];
}
