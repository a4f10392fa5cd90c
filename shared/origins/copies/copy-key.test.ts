import { purgePathsFor } from '../../versioning/purge-request';
import { endpointSchema } from '../../registry/endpoint-schema';
import { parseImagePath } from '../../url/path';
import { copyKeyFor, copyPrefixOf } from './copy-key';

const pathOf = (raw: string) => parseImagePath(raw.split('/'));
const keyOf = (endpoint: string, raw: string) => copyKeyFor(endpoint, 'origin1', pathOf(raw));

describe('kept-copy keys', () => {
  it.each([
    ['shop', 'photos/a.jpg', 'shop/photos/a.jpg@origin1'],
    ['shop', 'photos/a%20b%C3%A9.jpg', 'shop/photos/a%20b%C3%A9.jpg@origin1'],
    // A web-proxy path keeps its scheme and host as segments, encoded like any other.
    ['proxy', 'https://img.example.com/a.jpg', 'proxy/https%3A/img.example.com/a.jpg@origin1'],
    // "@", "?", "#" and "%" are encoded, so a path can never end a key early or name another origin.
    ['shop', 'a@origin2', 'shop/a%40origin2@origin1'],
    ['shop', 'a%3Fx%23y%25', 'shop/a%3Fx%23y%25@origin1'],
  ])('%s + %s -> %s', (endpoint, raw, key) => {
    expect(keyOf(endpoint, raw)).toBe(key);
  });

  it.each(['../x.jpg', 'a/%2e%2e/b.jpg', 'a%2fb.jpg', 'a//b.jpg', '%00.jpg', 'a%5C..%5Cb'])(
    'never builds a key for a path that could climb out (%s is refused when parsed)',
    (raw) => {
      expect(() => pathOf(raw)).toThrow();
    },
  );

  it('keeps no copy whose key would pass S3’s 1,024 bytes', () => {
    expect(keyOf('shop', `${'%C3%A9'.repeat(400)}.jpg`)).toBeUndefined();
    expect(keyOf('shop', `${'a'.repeat(900)}.jpg`)).toHaveLength(5 + 904 + 8);
  });
});

describe('copy prefixes of purge paths', () => {
  it.each([
    ['/shop/photos/a.jpg*', 'shop/photos/a.jpg'],
    ['/shop/photos/*', 'shop/photos/'],
    ['/shop/*', 'shop/'],
    ['/*', ''],
    // An exact path or one transformation of a file: that file's copies only.
    ['/shop/photos/a.jpg', 'shop/photos/a.jpg@'],
    ['/shop/photos/a.jpg?tr=w-400', 'shop/photos/a.jpg@'],
    ['/shop/photos/a.jpg?tr=*', 'shop/photos/a.jpg@'],
    // Any escapes the caller chose are read as the key's encoding.
    ['/shop/a%7eb%2a.jpg*', 'shop/a~b*.jpg'],
    ['/shop/caf%c3%a9.jpg*', 'shop/caf%C3%A9.jpg'],
    ['/shop/bad%zz*', 'shop/bad%zz'],
  ])('%s -> %s', (purgePath, prefix) => {
    expect(copyPrefixOf(purgePath)).toBe(prefix);
  });

  it('covers the copies of every file the automatic and CLI purges name', () => {
    for (const raw of ['photos/a.jpg', 'caf%C3%A9 (1).jpg', 'https://img.example.com/a.jpg', "it's*.png"]) {
      const path = pathOf(raw);
      for (const settings of [{}, { dialect: 'imgix' as const }, { dialect: 'thumbor' as const }]) {
        const endpoint = endpointSchema.parse({
          id: 'shop',
          isDefault: true,
          origins: [{ type: 'web', baseUrl: 'https://example.com/' }],
          settings,
        });
        const key = copyKeyFor('shop', 'origin1', path) ?? '';
        const prefixes = purgePathsFor({ endpoint, path }).map(copyPrefixOf);
        expect(prefixes.some((prefix) => key.startsWith(prefix))).toBe(true);
      }
    }
  });
});
