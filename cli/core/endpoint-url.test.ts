import { parseEndpoint, type Endpoint } from '../../shared/registry/endpoint-schema';
import { dialectFor } from '../../shared/url/dialects';
import type { DialectName } from '../../shared/url/dialects/names';
import { endpointUrl } from './endpoint-url';

const endpointIn = (dialect: DialectName): Endpoint => {
  const parsed = parseEndpoint({
    id: 'shop',
    origins: [{ type: 'web', baseUrl: 'https://assets.example.com/' }],
    settings: { dialect },
  });
  if (!parsed.ok) throw new TypeError(parsed.message);
  return parsed.endpoint;
};

/** What the endpoint's own dialect reads back from the URL, as the service would. */
function readBack(url: string, dialect: DialectName) {
  const { pathname, search } = new URL(url);
  const rawPath = pathname.slice('/shop'.length);
  return dialectFor(dialect).parse({ endpointSegment: 'shop', rawPath, rawQueryString: search.slice(1) });
}

describe('endpointUrl: a file of the endpoint in its own dialect', () => {
  it.each(['imagekit', 'imgix', 'thumbor', 'cloudinary'] as const)(
    'writes %s URLs that the dialect reads back as that file, resized or not',
    (dialect) => {
      const endpoint = endpointIn(dialect);
      for (const width of [undefined, 320]) {
        const built = endpointUrl('https://img.example.com', endpoint, 'summer/blue shoe.jpg', { width });
        if (!('url' in built)) throw new TypeError(built.unsupported);
        const request = readBack(built.url, dialect);
        const paths = [request.path, ...(request.alternatePaths ?? [])].map((p) => p.segments.join('/'));
        expect(paths).toContain('summer/blue shoe.jpg');
        expect(request.steps.map((step) => step.width).filter((w) => w !== undefined)).toEqual(
          width === undefined ? [] : [320],
        );
      }
    },
  );

  it('refuses to write a URL for another vendor’s required signature', () => {
    const parsed = parseEndpoint({
      id: 'shop',
      origins: [{ type: 'web', baseUrl: 'https://assets.example.com/' }],
      settings: {
        dialect: 'imgix',
        signing: { required: true, keys: [{ source: 'ssm', name: '/imgfront/k' }] },
      },
    });
    if (!parsed.ok) throw new TypeError(parsed.message);
    expect(endpointUrl('https://img.example.com', parsed.endpoint, 'a.jpg')).toEqual({
      unsupported: 'it requires imgix signatures, which the CLI does not write',
    });
  });
});
