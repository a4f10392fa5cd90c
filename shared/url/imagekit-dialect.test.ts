import { MAX_CHAIN_LENGTH, MAX_STEPS } from './chain';
import { parseImageKitUrl } from './imagekit-dialect';
import { MAX_DECODED_PATH_BYTES, MAX_PATH_LENGTH } from './path';

/** Parses a URL as a Lambda function URL delivers it: path still percent-encoded, query apart. */
function parse(url: string) {
  const queryAt = url.indexOf('?');
  return parseImageKitUrl({
    rawPath: queryAt < 0 ? url : url.slice(0, queryAt),
    rawQueryString: queryAt < 0 ? '' : url.slice(queryAt + 1),
  });
}

/** A 400 EINVALID whose message contains `text`. */
const invalidNaming = (text: string) =>
  expect.objectContaining({ code: 'EINVALID', status: 400, message: expect.stringContaining(text) });

describe('the ImageKit URL dialect', () => {
  describe('path and query forms', () => {
    it.each([
      ['/demo/tr:w-400,h-300/products/shoe.jpg', '/demo/products/shoe.jpg?tr=w-400,h-300'],
      ['/demo/tr:w-400,h-300/products/shoe.jpg', '/demo/products/shoe.jpg?tr=w-400%2Ch-300'],
      ['/demo/tr:w-400%2Ch-300/products/shoe.jpg', '/demo/products/shoe.jpg?tr=h-300,w-400'],
      ['/demo/tr:w-400:rt-90/shoe.jpg', '/demo/shoe.jpg?tr=w-400%3Art-90'],
      ['/tr:w-100/shoe.jpg', '/shoe.jpg?tr=w-100'],
    ])('%s and %s parse to the same spec', (pathForm, queryForm) => {
      const fromPath = parse(pathForm);
      const fromQuery = parse(queryForm);
      expect(fromQuery.steps).toEqual(fromPath.steps);
      expect(fromQuery.path).toEqual(fromPath.path);
      expect(fromPath.steps.length).toBeGreaterThan(0);
    });

    it('takes the endpoint from the first segment and the file path from the rest', () => {
      expect(parse('/demo/tr:w-400/products/shoe.jpg')).toEqual({
        path: { segments: ['demo', 'products', 'shoe.jpg'] },
        endpointOmitted: false,
        steps: [{ width: 400 }],
        version: undefined,
        signature: undefined,
        attachment: false,
      });
    });

    it('knows there is no endpoint segment when the transformation comes first', () => {
      const request = parse('/tr:w-100/shoe.jpg');
      expect([request.endpointOmitted, request.path.segments]).toEqual([true, ['shoe.jpg']]);
    });

    it('treats a tr: segment deeper in the path as part of the file name', () => {
      const request = parse('/demo/folder/tr:w-100/shoe.jpg');
      expect([request.steps, request.path.segments]).toEqual([
        [],
        ['demo', 'folder', 'tr:w-100', 'shoe.jpg'],
      ]);
    });

    it('applies chained steps in order', () => {
      expect(parse('/demo/tr:w-400,h-300:rt-90:e-grayscale/a.jpg').steps).toEqual([
        { width: 400, height: 300 },
        { rotate: 90 },
        { grayscale: true },
      ]);
    });

    it.each(['/demo/tr:/a.jpg', '/demo/a.jpg?tr=', '/demo/tr:,:/a.jpg', '/demo/a.jpg'])(
      'reads %s as no transformation',
      (url) => {
        expect(parse(url).steps).toEqual([]);
      },
    );

    it('ignores query parameters it does not know (cache busters, analytics)', () => {
      expect(parse('/demo/a.jpg?tr=w-10&utm_source=mail&foo').steps).toEqual([{ width: 10 }]);
    });
  });

  describe('versions and signatures', () => {
    it.each([
      ['/demo/a.jpg?updatedAt=1700000000000', '1700000000000'],
      ['/demo/a.jpg?v=abc-1.2_3', 'abc-1.2_3'],
      ['/demo/tr:w-10/a.jpg?v=7', '7'],
      ['/demo/a.jpg', undefined],
    ])('%s has version %s', (url, version) => {
      expect(parse(url).version).toBe(version);
    });

    it.each([
      ['/demo/a.jpg?updatedAt=1&v=2', 'updatedAt'],
      ['/demo/a.jpg?v=a%2Fb', 'version'],
      ['/demo/a.jpg?v=', 'version'],
      [`/demo/a.jpg?v=${'1'.repeat(65)}`, 'version'],
      ['/demo/a.jpg?v=%E2%9C%93', 'version'],
    ])('refuses %s, naming %s', (url, named) => {
      expect(() => parse(url)).toThrow(invalidNaming(named));
    });

    it('reads ik-s and ik-t as a lower-case signature and its expiry', () => {
      expect(parse('/demo/a.jpg?ik-t=1700000000&ik-s=ABCdef12').signature).toEqual({
        value: 'abcdef12',
        expiresAt: 1_700_000_000,
      });
    });

    it.each([
      ['/demo/a.jpg?ik-s=xyz', 'ik-s'],
      ['/demo/a.jpg?ik-t=1700000000', 'ik-t'],
      ['/demo/a.jpg?ik-s=ab&ik-t=soon', 'ik-t'],
    ])('refuses %s, naming %s', (url, named) => {
      expect(() => parse(url)).toThrow(invalidNaming(named));
    });
  });

  describe('malformed transformations', () => {
    it.each([
      ['/demo/tr:w-100/a.jpg?tr=w-200', 'not both'],
      ['/demo/a.jpg?tr=w-100&tr=w-200', '"tr"'],
      ['/demo/a.jpg?v=1&v=2', '"v"'],
      ['/demo/a.jpg?updatedAt=1&updatedAt=1', '"updatedAt"'],
      ['/demo/tr:w-100,zz-5/a.jpg', '"zz-5"'],
      ['/demo/a.jpg?tr=w-100,width-5', '"width-5"'],
      ['/demo/tr:w-100,w-200/a.jpg', '"w"'],
      ['/demo/tr:W-100/a.jpg', '"W-100"'],
      ['/demo/tr:w-abc/a.jpg', '"w"'],
      ['/demo/tr:w-100%zz/a.jpg', 'percent-encoding'],
      ['/demo/tr:w-100%00/a.jpg', '"w"'],
      ['/demo/tr:fo-custom,w-100/a.jpg', '"fo-custom"'],
      ['/demo/tr:x-1,xc-1,cm-extract,w-10,h-10/a.jpg', '"xc"'],
      [
        `/demo/tr:${Array.from({ length: MAX_STEPS + 1 }, () => 'w-1').join(':')}/a.jpg`,
        `${MAX_STEPS} steps`,
      ],
      [`/demo/a.jpg?tr=w-1${',q-1'.repeat(MAX_CHAIN_LENGTH / 4)}`, `${MAX_CHAIN_LENGTH} characters`],
    ])('refuses %s with 400 EINVALID naming %s', (url, named) => {
      expect(() => parse(url)).toThrow(invalidNaming(named));
    });
  });

  describe('hostile paths', () => {
    it.each([
      ['/demo/../secret.jpg', 'a ".." segment'],
      ['/demo/a/../../secret.jpg', 'a nested ".." segment'],
      ['/demo/%2e%2e/secret.jpg', 'an encoded ".." segment'],
      ['/demo/%2E%2E/secret.jpg', 'an upper-case encoded ".." segment'],
      ['/demo/./a.jpg', 'a "." segment'],
      ['/demo/%2e/a.jpg', 'an encoded "." segment'],
      ['/demo/..%2fsecret.jpg', 'an encoded slash'],
      ['/demo/a%2F..%2F..%2Fsecret.jpg', 'an upper-case encoded slash'],
      ['/demo/..%5csecret.jpg', 'an encoded backslash'],
      ['/demo/a\\..\\secret.jpg', 'a backslash'],
      ['/demo/a%00.jpg', 'an encoded NUL'],
      ['/demo/a%0a.jpg', 'an encoded line feed'],
      ['/demo/a%7F.jpg', 'an encoded DEL'],
      ['/demo//a.jpg', 'an empty segment'],
      ['/demo/a.jpg/', 'a trailing slash'],
      ['//evil.example/a.jpg', 'a leading empty segment (scheme-relative host)'],
      ['/', 'no file at all'],
      ['/tr:w-100', 'a transformation but no file'],
      ['demo/a.jpg', 'no leading slash'],
      ['/demo/%E0%A4%A.jpg', 'truncated percent-encoding'],
      ['/demo/%zz.jpg', 'a bad percent escape'],
      ['/demo/%.jpg', 'a lone percent sign'],
      ['/demo/%C0%AE%C0%AE/a.jpg', 'overlong UTF-8 dots'],
      [`/demo/${'a'.repeat(MAX_PATH_LENGTH)}.jpg`, 'an overlong path'],
      [`/demo/${'\u00e9'.repeat(MAX_DECODED_PATH_BYTES / 2)}.jpg`, 'a path of more key bytes than S3 allows'],
      [`/demo/${'%C3%A9'.repeat(MAX_DECODED_PATH_BYTES / 2)}.jpg`, 'an encoded path that decodes too long'],
      ['/proxy/ftp://host/a.jpg', 'a non-web scheme followed by an empty segment'],
      ['/proxy/a/https://host/a.jpg', 'a web scheme deep in the path'],
    ])('refuses %s (%s) with 400 EINVALID', (url) => {
      expect(() => parse(url)).toThrow(expect.objectContaining({ code: 'EINVALID', status: 400 }));
    });
  });

  describe('decoding', () => {
    it.each([
      ['/demo/summer%20sale/a%20b.jpg', ['summer sale', 'a b.jpg']],
      ['/demo/check%E2%9C%93.jpg', ['check\u2713.jpg']],
      ['/demo/caf%C3%A9/men%C3%BC.png', ['caf\u00e9', 'men\u00fc.png']],
      ['/demo/100%2520off.jpg', ['100%20off.jpg']],
      ['/demo/a+b.jpg', ['a+b.jpg']],
      ['/demo/%E6%97%A5%E6%9C%AC.jpg', ['\u65e5\u672c.jpg']],
      ['/demo/..a.jpg', ['..a.jpg']],
    ])('decodes %s exactly once', (url, file) => {
      expect(parse(url).path.segments).toEqual(['demo', ...file]);
    });
  });

  it('accepts a path of exactly the S3 key limit', () => {
    const file = `${'a'.repeat(MAX_DECODED_PATH_BYTES - 'demo/'.length - '.jpg'.length)}.jpg`;
    expect(parse(`/demo/${file}`).path.segments).toEqual(['demo', file]);
  });

  describe('web-proxy paths', () => {
    it.each([
      ['/proxy/https://images.example.com/a/b.jpg', ['proxy', 'https:', 'images.example.com', 'a', 'b.jpg']],
      ['/proxy/http://images.example.com/b.jpg', ['proxy', 'http:', 'images.example.com', 'b.jpg']],
      [
        '/proxy/tr:w-100/https://images.example.com/b.jpg',
        ['proxy', 'https:', 'images.example.com', 'b.jpg'],
      ],
      ['/https://images.example.com/b.jpg', ['https:', 'images.example.com', 'b.jpg']],
    ])('%s keeps the scheme segment', (url, segments) => {
      expect(parse(url).path.segments).toEqual(segments);
    });
  });

  describe('SEO paths (ik-seo)', () => {
    const plain = parse('/demo/places/DSC1234.jpg?tr=w-300');
    it.each([
      ['/demo/ik-seo/places/DSC1234/eiffel-tower.jpg?tr=w-300', 'the query form'],
      ['/demo/tr:w-300/ik-seo/places/DSC1234/eiffel-tower.jpg', 'a chain before the marker'],
      ['/demo/ik-seo/tr:w-300/places/DSC1234/eiffel-tower.jpg', 'a chain after the marker'],
    ])('%s (%s) serves the stored file with its chain', (url) => {
      const request = parse(url);
      expect([request.path, request.steps, request.seoName]).toEqual([
        plain.path,
        plain.steps,
        'eiffel-tower',
      ]);
    });

    it.each([
      ['/ik-seo/a/b/c.png', ['a', 'b.png'], true],
      ['/tr:w-1/ik-seo/b/c.png', ['b.png'], true],
      ['/ik-seo/tr:w-1/b/c.png', ['b.png'], true],
      ['/demo/ik-seo/v1.2/name', ['demo', 'v1.2'], false],
      ['/demo/ik-seo/DSC.1234/caf%C3%A9%20noir.jpeg', ['demo', 'DSC.1234.jpeg'], false],
      [
        '/proxy/ik-seo/https://images.example.com/x/DSC/name.jpg',
        ['proxy', 'https:', 'images.example.com', 'x', 'DSC.jpg'],
        false,
      ],
    ])('maps %s to %j', (url, segments, omitted) => {
      const request = parse(url);
      expect([request.path.segments, request.endpointOmitted]).toEqual([segments, omitted]);
    });

    it('names the SEO name without its extension, decoded', () => {
      expect(parse('/demo/ik-seo/DSC/caf%C3%A9%20noir.jpeg').seoName).toBe('caf\u00e9 noir');
    });

    it('treats ik-seo deeper in the path as a folder name', () => {
      expect(parse('/demo/a/ik-seo/b/c.jpg').path.segments).toEqual(['demo', 'a', 'ik-seo', 'b', 'c.jpg']);
    });

    it.each([
      ['/demo/ik-seo/name.jpg', 'needs the file name'],
      ['/demo/ik-seo/a/%2E%2E/x.jpg', '".."'],
      ['/demo/ik-seo/a/b%2Fc/x.jpg', 'encoded'],
      ['/demo/ik-seo/a//x.jpg', 'empty segment'],
      ['/demo/ik-seo/tr:w-1/a/b.jpg?tr=w-2', 'not both'],
    ])('refuses %s', (url, text) => {
      expect(() => parse(url)).toThrow(invalidNaming(text));
    });
  });

  describe('downloads (ik-attachment)', () => {
    it.each([
      ['/demo/a.jpg', false],
      ['/demo/a.jpg?ik-attachment=false', false],
      ['/demo/a.jpg?ik-attachment=true', true],
      ['/demo/ik-seo/a/name.jpg?tr=w-10&ik-attachment=true', true],
    ])('%s is a download: %s', (url, attachment) => {
      expect(parse(url).attachment).toBe(attachment);
    });

    it.each([
      ['/demo/a.jpg?ik-attachment=yes', 'Expected "true" or "false" for query parameter "ik-attachment"'],
      ['/demo/a.jpg?ik-attachment=', 'but received ""'],
      ['/demo/a.jpg?ik-attachment=true&ik-attachment=true', 'given twice'],
    ])('refuses %s', (url, text) => {
      expect(() => parse(url)).toThrow(invalidNaming(text));
    });
  });
});
