import { parseChain, serializeChain } from '../../shared/url/chain';
import { loadViewerRequestHandler } from './viewer-request-file';

const runHandler = loadViewerRequestHandler();

/** The `tr` the origin receives for a viewer's `?tr=<chain>`, decoded. */
const forwardedChain = (chain: string): string => {
  const request = runHandler({
    request: {
      method: 'GET',
      uri: '/shop/a.jpg',
      querystring: { tr: { value: encodeURIComponent(chain) } },
      headers: {},
    },
  });
  return decodeURIComponent(request.querystring.tr?.value ?? '');
};

describe('viewer-request function and positional chains', () => {
  it.each([
    'if-ar_gt_1,w-200,if-else,w-300,if-end',
    'h-200:if-h_eq_200,w-100:rt-90,if-else,w-300,if-end:rt-90',
    'l-image,i-logo.png,w-bw_div_2,lx-10,l-end',
    'l-image,i-logo.png:w-10,l-end',
    'w-10,l-text,i-hi,l-end,h-5',
  ])('keeps what the service understands from %s', (chain) => {
    expect(serializeChain(parseChain(forwardedChain(chain)))).toBe(serializeChain(parseChain(chain)));
  });

  it('still sorts the parameters of plain steps, so their spellings share a cache entry', () => {
    expect(forwardedChain('w-10,h-5:rt-90')).toBe(forwardedChain('h-5,w-10:rt-90'));
    expect(forwardedChain('if-ar_gt_1,w-1,if-end:w-10,h-5')).toBe(
      forwardedChain('if-ar_gt_1,w-1,if-end:h-5,w-10'),
    );
  });
});
