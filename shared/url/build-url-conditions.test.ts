import { hmacSigner, verifySignature } from '../signing/url-signature';
import { buildUrl, dprSrcset, widthSrcset } from './build-url';
import { parseChain, serializeChain } from './chain';
import { parseImageKitUrl } from './imagekit-dialect';

const parse = (url: string) => {
  const { pathname, search } = new URL(url);
  return parseImageKitUrl({ rawPath: pathname, rawQueryString: search.slice(1) });
};

const CHAINS = [
  'if-ar_gt_1,w-200,if-else,w-300,if-end',
  'h-200,cm-pad_resize:if-h_eq_200,w-100,if-end:rt-90',
  'if-h_gte_100_and_h_lte_400_or_ar_lt_4-3,w-iw_div_2:b-cw_mod_5_yellow,if-end',
  'w-iw_div_4,h-ih_div_2:b-cw_mul_0.05_yellow',
  'l-image,i-logo.png,w-bw_div_2,lx-bw_mul_0.9,ly-bh_mul_0.1,l-end',
];

describe('the URL builder with if blocks and expressions', () => {
  it.each(CHAINS)('builds a URL the handler parses back into the same spec (%s)', (chain) => {
    const url = buildUrl({
      baseUrl: 'https://img.example.com',
      endpoint: 'shop',
      path: 'a.jpg',
      transformations: chain,
    });
    expect(parse(url).steps).toEqual(parseChain(chain));
    expect(new URL(url).searchParams.get('tr')).toBe(serializeChain(parseChain(chain)));
  });

  it.each(CHAINS)('builds the same URL from the parsed steps as from the text (%s)', (chain) => {
    const options = { baseUrl: 'https://img.example.com', endpoint: 'shop', path: 'a.jpg' };
    expect(buildUrl({ ...options, transformations: parseChain(chain) })).toBe(
      buildUrl({ ...options, transformations: chain }),
    );
  });

  it('signs the canonical form: a respelled expression keeps the signature, a changed test does not', () => {
    const key = 'k';
    const signed = (chain: string) => {
      const url = buildUrl({
        baseUrl: 'https://x',
        endpoint: 'shop',
        path: 'a.jpg',
        transformations: chain,
        signing: hmacSigner(key),
      });
      return new URL(url).searchParams.get('ik-s');
    };
    expect(signed('if-ar_gt_1.0,w-iw_div_2.0,if-end')).toBe(signed('if-ar_gt_1,w-iw_div_2,if-end'));
    expect(signed('if-ar_gt_1,w-iw_div_2,if-end')).not.toBe(signed('if-ar_gte_1,w-iw_div_2,if-end'));
    const url = buildUrl({
      baseUrl: 'https://x',
      endpoint: 'shop',
      path: 'a.jpg',
      transformations: 'if-ar_gt_1,w-iw_div_2,if-end',
      signing: hmacSigner(key),
    });
    const request = parse(url);
    const content = {
      endpointId: 'shop',
      path: { segments: ['a.jpg'] },
      steps: request.steps,
      version: undefined,
      expiresAt: undefined,
    };
    const signature = new URL(url).searchParams.get('ik-s') ?? undefined;
    expect(() => verifySignature([key], content, signature, 0)).not.toThrow();
    expect(() =>
      verifySignature([key], { ...content, steps: parseChain('if-ar_gt_2,w-iw_div_2,if-end') }, signature, 0),
    ).toThrow();
  });

  it('gives srcset widths and ratios that win over a width expression and reach into both branches', () => {
    const options = { baseUrl: 'https://x', endpoint: 'shop', path: 'a.jpg' };
    expect(widthSrcset({ ...options, transformations: 'w-iw_div_2,h-ih_div_2' }, [320])).toBe(
      'https://x/shop/a.jpg?tr=w-320,h-ih_div_2 320w',
    );
    expect(widthSrcset({ ...options, transformations: 'if-ar_gt_1,w-200,if-end' }, [320])).toBe(
      'https://x/shop/a.jpg?tr=if-ar_gt_1,w-320,if-else,w-320,if-end 320w',
    );
    expect(dprSrcset({ ...options, transformations: 'if-ar_gt_1,w-200,if-end' }, [2])).toBe(
      'https://x/shop/a.jpg?tr=if-ar_gt_1,w-200,dpr-2,if-else,dpr-2,if-end 2x',
    );
  });
});
