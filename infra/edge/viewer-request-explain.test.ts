import { EXPLAIN_PARAM } from '../../shared/explain/explain-token';
import { loadViewerRequestHandler } from './viewer-request-file';

const runHandler = loadViewerRequestHandler();

const after = (uri: string, querystring: Record<string, string>) =>
  runHandler({
    request: {
      method: 'GET',
      uri,
      querystring: Object.fromEntries(Object.entries(querystring).map(([name, value]) => [name, { value }])),
      headers: {},
    },
  });

describe('viewer-request function and imgfront-explain', () => {
  it.each([
    ['ImageKit path form', '/pics/tr:w-40/a.jpg', {}],
    ['ImageKit query form', '/pics/a.jpg', { tr: 'w-40' }],
    ['imgix', '/pics/a.jpg', { w: '40' }],
    ['Cloudflare', '/cdn-cgi/image/width=40/pics/a.jpg', {}],
    ['Next.js', '/_next/image', { url: '/pics/a.jpg', w: '40', q: '75' }],
  ])('keeps the token in the query (so in the cache key) for %s URLs', (_name, uri, query) => {
    const request = after(uri, { ...query, [EXPLAIN_PARAM]: '123.abc' });
    expect(request.querystring[EXPLAIN_PARAM]).toEqual({ value: '123.abc' });
    // The rest of the query is what it would be without the token.
    const rest = Object.entries(request.querystring).filter(([name]) => name !== EXPLAIN_PARAM);
    expect(Object.fromEntries(rest)).toEqual(after(uri, query).querystring);
  });
});
