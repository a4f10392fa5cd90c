import { hmacSigner, verifySignature } from '../signing/url-signature';
import { buildUrl, dprSrcset, widthSrcset } from './build-url';
import { parseImageKitUrl } from './imagekit-dialect';

const parse = (url: string) => {
  const { pathname, search } = new URL(url);
  return parseImageKitUrl({ rawPath: pathname, rawQueryString: search.slice(1) });
};

describe('the URL builder', () => {
  it.each([
    'w-400,h-300',
    'h-300,w-400:rt-90',
    'w-0.5,c-at_max,fo-top_left:e-grayscale',
    'n-thumb,q-60',
    '',
    'w-300,l-image,i-brand@@logo.png,w-50,lfo-top_right,l-image,i-ik_canvas,bg-red,w-10,h-10,l-end,l-end',
    'l-text,i-Sale 50% & more!,fs-40,co-FFFFFF,bg-00000050,pa-10_20,lx-N10,ly-10,l-end:rt-90',
    'l-text,ie-wqkgMjAyNiDihKI=,l-end',
  ])('builds URLs the handler parses back into the same spec (%s)', (chain) => {
    const url = buildUrl({
      baseUrl: 'https://img.example.com/',
      endpoint: 'shop',
      path: 'a/b.jpg',
      transformations: chain,
    });
    const reference = parseImageKitUrl({
      rawPath: '/shop/a/b.jpg',
      rawQueryString: `tr=${encodeURIComponent(chain)}`,
    });
    expect(parse(url).steps).toEqual(reference.steps);
  });

  it('encodes unicode, spaces and reserved characters once per segment', () => {
    const url = buildUrl({
      baseUrl: 'https://img.example.com',
      endpoint: 'shop',
      path: 'summer 2026/café?#1.jpg',
    });
    expect(url).toBe('https://img.example.com/shop/summer%202026/caf%C3%A9%3F%231.jpg');
    expect(parse(url).path.segments).toEqual(['shop', 'summer 2026', 'café?#1.jpg']);
  });

  it('adds the version and signs what the handler verifies', () => {
    const url = buildUrl({
      baseUrl: 'https://img.example.com',
      endpoint: 'shop',
      path: 'p.jpg',
      transformations: 'w-100',
      version: '1700000000000',
      signing: hmacSigner('k', 2_000_000_000),
    });
    const parsed = parse(url);
    expect(parsed.version).toBe('1700000000000');
    const content = {
      endpointId: 'shop',
      path: { segments: ['p.jpg'] },
      steps: parsed.steps,
      version: parsed.version,
      expiresAt: parsed.signature?.expiresAt,
    };
    expect(() => verifySignature(['k'], content, parsed.signature?.value, 1_900_000_000)).not.toThrow();
    expect(() => verifySignature(['other'], content, parsed.signature?.value, 1_900_000_000)).toThrow(
      'not valid',
    );
  });

  it('builds width and DPR srcsets on the last step', () => {
    const options = {
      baseUrl: 'https://i.example',
      endpoint: 'e',
      path: 'x.jpg',
      transformations: 'e-grayscale:w-400',
    };
    expect(widthSrcset(options, [320, 640])).toBe(
      'https://i.example/e/x.jpg?tr=e-grayscale:w-320 320w, https://i.example/e/x.jpg?tr=e-grayscale:w-640 640w',
    );
    expect(dprSrcset(options, [1, 2])).toBe(
      'https://i.example/e/x.jpg?tr=e-grayscale:w-400,dpr-1 1x, https://i.example/e/x.jpg?tr=e-grayscale:w-400,dpr-2 2x',
    );
  });
});
