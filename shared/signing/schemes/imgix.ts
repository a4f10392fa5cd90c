import { hash, messageOf, type SigningScheme } from './scheme';

/** imgix's secure URLs: `s` = MD5 hex of the token + the raw path + the raw query (`?…`, without `s`). */
export const imgixScheme: SigningScheme = {
  name: 'imgix',
  expected: (key, input) => hash('md5', `${key}${messageOf(input)}`).digest('hex'),
};
