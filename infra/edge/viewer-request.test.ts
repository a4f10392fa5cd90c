import { statSync } from 'node:fs';
import { prefixOf, wildcardPathFor } from '../../shared/purge/invalidation-path';
import { serializeChain } from '../../shared/url/chain';
import { IMAGEKIT_QUERY_PARAMS, parseImageKitUrl } from '../../shared/url/imagekit-dialect';
import { seoPrefixOf } from '../../shared/url/seo-path';
import {
  loadViewerRequestFunction,
  VIEWER_REQUEST_FILE,
  viewerRequestCode,
  loadViewerRequestHandler,
  type EdgeQueryEntry,
  type EdgeRequest,
} from './viewer-request-file';

// Run in a bare context, as at the edge: any Node API the function used would throw here.
const runHandler = loadViewerRequestHandler();

/** Builds the event CloudFront would pass for a viewer URL (query values as the viewer sent them). */
function viewerRequest(url: string, accept?: string): EdgeRequest {
  const [uri = '', query = ''] = url.split(/\?(.*)/s);
  const querystring: Record<string, EdgeQueryEntry> = {};
  for (const pair of query.split('&').filter(Boolean)) {
    const [name = '', value = ''] = pair.split(/=(.*)/s);
    const existing = querystring[name];
    if (!existing) querystring[name] = { value };
    else existing.multiValue = [...(existing.multiValue ?? [{ value: existing.value }]), { value }];
  }
  return {
    method: 'GET',
    uri,
    querystring,
    headers: accept === undefined ? {} : { accept: { value: accept } },
  };
}

/** What the cache key is made of after the function ran: uri, kept query in order, Accept. */
function cacheKey(url: string, accept?: string): string {
  const request = runHandler({ request: viewerRequest(url, accept) });
  return `${request.uri}?${originQuery(request)} accept=${request.headers.accept?.value}`;
}

const uriOf = (url: string) => runHandler({ request: viewerRequest(url) }).uri;

/** What the transform service understands from a URL, through its real parser. */
function meaning(rawPath: string, rawQueryString: string) {
  const request = parseImageKitUrl({ rawPath, rawQueryString });
  return { ...request, endpointOmitted: undefined, steps: serializeChain(request.steps) };
}

/** The raw query string CloudFront sends to the origin for a rewritten request. */
const originQuery = (request: EdgeRequest) =>
  Object.entries(request.querystring)
    .flatMap(([name, entry]) => (entry.multiValue ?? [entry]).map((item) => `${name}=${item.value}`))
    .join('&');

describe('viewer-request function', () => {
  it('fits CloudFront Functions size limit of 10 KB, with 20 device-limited endpoints of 64 characters', () => {
    const endpoints = Array.from({ length: 20 }, (_, index) => `${index}`.padEnd(64, 'e'));
    expect(Buffer.byteLength(viewerRequestCode(endpoints))).toBeLessThan(10 * 1024);
    expect(statSync(VIEWER_REQUEST_FILE).size).toBeGreaterThan(0);
  });

  describe('puts every URL form of one original under the wildcard path the version writer purges', () => {
    // The purge path for s3 key `products/shoe red@2x.jpg` served by endpoint `shop`, as shared/purge writes it.
    const purgePrefix = prefixOf(wildcardPathFor(['shop', 'products', 'shoe red@2x.jpg']));
    const forms = [
      '/shop/products/shoe%20red@2x.jpg',
      '/shop/products/shoe%20red%402x.jpg',
      '/shop/products/shoe%20red@2x.jpg?tr=w-400',
      '/shop/tr:w-400,h-300/products/shoe%20red@2x.jpg',
      '/shop/tr:h-300,w-400:rt-90/products/shoe%20red@2x.jpg?v=3',
      '/shop/products/shoe%20red@2x.jpg?tr=h-300,w-400&utm_source=newsletter',
      '/shop/products/shoe%20red@2x.jpg?updatedAt=1700000000',
      '/shop/tr:n-thumb/products/shoe%20red@2x.jpg?v=1',
      '/shop/tr:w-400%2Ch-300/products/shoe%20red%402x.jpg',
    ];
    it.each(forms)('%s', (url) => {
      expect(uriOf(url)).toBe(purgePrefix);
    });

    it('and a different original is not under it', () => {
      expect(uriOf('/shop/products/shoe%20blue.jpg?tr=w-400').startsWith(purgePrefix)).toBe(false);
    });

    it.each([
      ['/ep/caf%c3%a9.jpg', ['ep', 'café.jpg']],
      ['/ep/a+b,c(1).jpg', ['ep', 'a+b,c(1).jpg']],
      ['/tr:w-10/folder/x~y.jpg', ['folder', 'x~y.jpg']],
    ])('encodes %s the way purge paths are encoded', (url, segments) => {
      expect(uriOf(url)).toBe(prefixOf(wildcardPathFor(segments)));
    });
  });

  it('keeps exactly the query parameters the ImageKit dialect reads', () => {
    expect(Array.from(loadViewerRequestFunction().KEPT_PARAMS as string[])).toEqual([
      ...IMAGEKIT_QUERY_PARAMS,
    ]);
  });

  it('caches a download (ik-attachment) apart from the inline image', () => {
    expect(cacheKey('/shop/a.jpg?ik-attachment=true&tr=w-400')).toBe(
      '/shop/a.jpg?tr=w-400&ik-attachment=true accept=*/*',
    );
    expect(cacheKey('/shop/a.jpg?tr=w-400')).not.toBe(cacheKey('/shop/a.jpg?tr=w-400&ik-attachment=true'));
    expect(cacheKey('/shop/tr:w-400/ik-seo/a/name.jpg?ik-attachment=true')).toBe(
      cacheKey('/shop/ik-seo/a/name.jpg?ik-attachment=true&tr=w-400'),
    );
  });

  describe('keeps SEO URLs (ik-seo) under the SEO wildcard the version writer purges', () => {
    const seoPrefix = prefixOf(wildcardPathFor(['shop', ...seoPrefixOf(['products', 'shoe red.jpg']), '']));
    it.each([
      '/shop/ik-seo/products/shoe%20red/red-running-shoe.jpg',
      '/shop/ik-seo/products/shoe%20red/red-running-shoe.jpg?tr=w-400&utm_source=mail',
      '/shop/tr:w-400/ik-seo/products/shoe%20red/red-running-shoe.jpg',
      '/shop/ik-seo/tr:w-400/products/shoe%20red/red-running-shoe.jpg',
      '/shop/ik-seo/tr:w-400/products/shoe%20red/chaussure-rouge.jpg?v=2',
    ])('%s', (url) => {
      expect(uriOf(url).startsWith(seoPrefix)).toBe(true);
    });

    it('moves a chain after the marker into the query, sorted like any other', () => {
      const request = runHandler({ request: viewerRequest('/shop/ik-seo/tr:w-400,h-300/p/a/b.jpg') });
      expect([request.uri, request.querystring]).toEqual([
        '/shop/ik-seo/p/a/b.jpg',
        { tr: { value: 'h-300,w-400' } },
      ]);
    });

    it('leaves the query of an imgix URL with a folder named ik-seo whole', () => {
      const request = runHandler({ request: viewerRequest('/ix/ik-seo/a.jpg?w=100&fit=crop') });
      expect(originQuery(request)).toBe('w=100&fit=crop');
    });

    it('gives the chain before and after the marker one cache key', () => {
      expect(cacheKey('/shop/tr:w-400/ik-seo/p/a/b.jpg')).toBe(cacheKey('/shop/ik-seo/p/a/b.jpg?tr=w-400'));
      expect(cacheKey('/shop/ik-seo/tr:w-400/p/a/b.jpg')).toBe(cacheKey('/shop/ik-seo/p/a/b.jpg?tr=w-400'));
    });
  });

  describe('maps equivalent URLs to one cache key', () => {
    it.each([
      ['/ep/a.jpg?tr=w-400,h-300', '/ep/tr:h-300,w-400/a.jpg'],
      ['/ep/a.jpg?tr=w-400,,h-300:', '/ep/a.jpg?tr=h-300,w-400'],
      ['/ep/a.jpg?tr=w-400,h-300:rt-90', '/ep/tr:h-300,w-400:rt-90/a.jpg'],
      ['/ep/a.jpg?v=2&tr=w-100&fbclid=xyz', '/ep/a.jpg?tr=w-100&v=2'],
      ['/ep/a.jpg?tr=w-100%2Ch-50', '/ep/a.jpg?tr=h-50,w-100'],
      ['/ep/a.jpg?tr=&v=1', '/ep/a.jpg?v=1'],
      ['/ep/a.jpg?UPDATEDAT=5', '/ep/a.jpg?updatedAt=5'],
    ])('%s == %s', (first, second) => {
      expect(cacheKey(first)).toBe(cacheKey(second));
    });

    it('keeps step order, because steps apply in order', () => {
      expect(cacheKey('/ep/a.jpg?tr=w-100:rt-90')).not.toBe(cacheKey('/ep/a.jpg?tr=rt-90:w-100'));
    });
  });

  it.each([
    ['/ep/tr:w-400,h-300/p/a.jpg', '/ep/p/a.jpg', { tr: { value: 'h-300,w-400' } }],
    ['/tr:w-400/p/a.jpg', '/p/a.jpg', { tr: { value: 'w-400' } }],
    ['/ep/p/tr:w-400/a.jpg', '/ep/p/tr%3Aw-400/a.jpg', {}],
    [
      // Signed URLs pass as received (viewer-request-dialects.test.ts); this one is not signed.
      '/ep/p/a.jpg?a=1&b=2&tr=f-webp&v=7',
      '/ep/p/a.jpg',
      {
        tr: { value: 'f-webp' },
        v: { value: '7' },
      },
    ],
    ['/ep/p/a.jpg?tr=l-text,i-Hello+World', '/ep/p/a.jpg', { tr: { value: 'l-text,i-Hello%20World' } }],
    ['/ep/tr:i-1+1,w-5/a.jpg', '/ep/a.jpg', { tr: { value: 'i-1%2B1,w-5' } }],
  ])('rewrites %s to uri %s with query %j', (url, uri, query) => {
    const request = runHandler({ request: viewerRequest(url) });
    expect(request.uri).toBe(uri);
    expect(request.querystring).toEqual(query);
  });

  it.each([
    '/shop/tr:w-400,h-300:rt-90/products/shoe%20red.jpg?v=3',
    '/shop/products/shoe%20red.jpg?tr=h-300,w-400&utm_source=x&updatedAt=17',
    '/shop/tr:n-thumb/a.jpg?ik-s=ABC123&ik-t=1900000000',
    '/shop/tr:w-400%2Ch-300,e-grayscale/a%2Bb.jpg',
    '/tr:w-400/products/a.jpg',
    '/shop/tr:w-100/photo@2x%20(1).jpg',
    '/proxy/tr:w-100/https://images.example.com/a%20b.jpg',
    '/shop/ik-seo/tr:w-400,h-300/products/shoe%20red/red%20shoe.jpg',
    '/shop/tr:w-400/ik-seo/products/shoe%20red/red%20shoe.jpg?v=3',
    '/ik-seo/tr:w-400/products/shoe/red.jpg',
  ])('keeps what the service reads from %s unchanged', (url) => {
    const [path = '', query = ''] = url.split(/\?(.*)/s);
    const request = runHandler({ request: viewerRequest(url) });
    expect(meaning(request.uri, originQuery(request))).toEqual(meaning(path, query));
  });

  describe('leaves what the service must refuse for it to refuse', () => {
    it('a transformation given both in the path and in the query', () => {
      const request = runHandler({ request: viewerRequest('/ep/tr:w-1/a.jpg?tr=h-1') });
      expect(request.uri).toBe('/ep/tr:w-1/a.jpg');
      expect(request.querystring.tr).toEqual({ value: 'h-1' });
    });

    it('a repeated parameter', () => {
      const request = runHandler({ request: viewerRequest('/ep/a.jpg?v=1&v=2') });
      expect(request.querystring.v?.multiValue).toEqual([{ value: '1' }, { value: '2' }]);
    });

    it('a path-form chain that is not valid percent-encoding', () => {
      expect(uriOf('/ep/tr:w-%ZZ/a.jpg')).toBe('/ep/tr:w-%ZZ/a.jpg');
    });

    it.each([
      '/ep/a%2Fb.jpg',
      '/ep/%2e%2e/secret.jpg',
      '/ep/a%5Cb.jpg',
      '/ep/a%00.jpg',
      '/ep/bad%E0%A4%A.jpg',
    ])('a hostile path such as %s, still hostile after re-encoding', (url) => {
      const request = runHandler({ request: viewerRequest(url) });
      expect(() => parseImageKitUrl({ rawPath: request.uri, rawQueryString: '' })).toThrow();
    });
  });

  describe('replaces Accept with one of three format classes', () => {
    const chrome = 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8';
    const safari16 = 'image/webp,image/avif,image/jxl,image/heic,image/heic-sequence,video/*;q=0.8,*/*;q=0.5';
    const firefoxOld = 'image/webp,*/*';
    const curl = '*/*';
    it.each([
      [chrome, 'image/avif,image/webp,*/*'],
      [safari16, 'image/avif,image/webp,*/*'],
      ['IMAGE/AVIF', 'image/avif,image/webp,*/*'],
      [firefoxOld, 'image/webp,*/*'],
      ['image/avif;q=0, image/webp;q=0.9', 'image/webp,*/*'],
      ['image/avif;q=0.0,image/webp;q=0', '*/*'],
      [curl, '*/*'],
      ['', '*/*'],
      ['text/html,image/png', '*/*'],
    ])('%j -> %s', (accept, expected) => {
      expect(runHandler({ request: viewerRequest('/ep/a.jpg', accept) }).headers.accept?.value).toBe(
        expected,
      );
    });

    it('answers */* when the viewer sends no Accept at all', () => {
      expect(runHandler({ request: viewerRequest('/ep/a.jpg') }).headers.accept?.value).toBe('*/*');
    });
  });
});
