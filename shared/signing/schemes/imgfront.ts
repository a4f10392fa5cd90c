import { sign } from '../url-signature';
import type { SigningScheme } from './scheme';

/** imgfront's own: HMAC-SHA256 hex over the canonical form, so path and query forms share one signature. */
export const imgfrontScheme: SigningScheme = {
  name: 'imgfront',
  expected: (key, { content }) => sign(key, content),
};
